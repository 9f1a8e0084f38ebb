import type { CatalogItem } from '../../../shared/catalog.js';
import { formatMoney } from '../../../shared/money.js';
import { groupByCategory } from '../store/catalog-slice.js';

interface Props {
  items: readonly CatalogItem[];
  loaded: boolean;
  disabled: boolean;
  onAdd(item: CatalogItem): void;
}

export function CatalogGrid({ items, loaded, disabled, onAdd }: Props) {
  if (!loaded) return <p className="placeholder">Loading menu…</p>;
  if (items.length === 0) return <p className="placeholder">The menu is empty</p>;
  return (
    <div className="catalog">
      {groupByCategory(items).map((category) => (
        <section key={category.name} aria-label={category.name} className="category">
          <h2>{category.name}</h2>
          <div className="item-grid">
            {category.items.map((item) => {
              const price = formatMoney(item.priceMinor, item.currency);
              return (
                <button
                  key={item.id}
                  type="button"
                  className="item"
                  // Spelled out so the name is exactly "Espresso €2.50" whatever the layout does to spacing.
                  aria-label={`${item.name} ${price}`}
                  disabled={disabled}
                  onClick={() => onAdd(item)}
                >
                  <span className="item-name">{item.name}</span>
                  <span className="item-price">{price}</span>
                </button>
              );
            })}
          </div>
        </section>
      ))}
    </div>
  );
}
