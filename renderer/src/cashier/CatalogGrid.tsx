import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CatalogItem } from '../../../shared/catalog.js';
import { formatMoney } from '../../../shared/money.js';
import type { ItemAvailabilityView } from '../../../shared/ipc/commands/menu.js';
import { availabilityLabel } from '../store/availability-slice.js';
import { groupByCategory } from '../store/catalog-slice.js';
import { categoriesOf, filterCatalog, foldForSearch } from './catalog-search.js';
import { fieldKind, fieldNeedsKey, startsSearch } from './shortcuts.js';

interface Props {
  items: readonly CatalogItem[];
  loaded: boolean;
  disabled: boolean;
  /** Sold out ("86") and counts left by item id: a sold-out button is greyed (a manager can still sell it). */
  availability?: ReadonlyMap<string, ItemAvailabilityView>;
  /** Items with modifier groups open the modifiers dialog; the rest go straight on the order. */
  onPick: (item: CatalogItem) => void;
}

/** Memoized: every scan re-renders the cashier window, and the menu does not change with the cart. */
export const CatalogGrid = memo(function CatalogGrid({ items, loaded, disabled, availability, onPick }: Props) {
  const [category, setCategory] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);

  // "/" jumps to the search box from anywhere but a field that takes it as text (never while a dialog is
  // open); a letter typed where no field wants it starts a search with that letter instead of being lost.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const field = search.current;
      if (!field || field.closest('[hidden]') || event.target === field || document.querySelector('dialog[open]')) return;
      const kind = fieldKind(event.target);
      if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !fieldNeedsKey(kind, '/')) {
        event.preventDefault();
        field.focus();
        field.select();
      } else if (startsSearch(event, kind)) {
        // Focus moves before the character is inserted, so the letter lands in the search, replacing the old query.
        field.focus();
        field.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const categories = useMemo(() => categoriesOf(items), [items]);
  const searching = foldForSearch(query) !== '';
  const shown = useMemo(() => filterCatalog(items, { category, query }), [items, category, query]);

  if (!loaded) return <p className="placeholder">Loading menu…</p>;
  if (items.length === 0) return <p className="placeholder">The menu is empty</p>;

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      // One match: Enter rings it up, the fastest path for a cashier who knows the menu.
      if (shown.length === 1 && !disabled) {
        onPick(shown[0]!);
        setQuery('');
      }
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      grid.current?.querySelector<HTMLButtonElement>('button.item:not(:disabled)')?.focus();
    } else if (event.key === '/') {
      // Already here: "/" starts a new search rather than typing a slash no item name has.
      event.preventDefault();
      event.currentTarget.select();
    } else if (event.key === 'Escape' && query) {
      event.preventDefault();
      setQuery('');
    }
  };

  const sections = searching ? [{ name: `Results for “${query.trim()}”`, items: shown }] : groupByCategory(shown);

  return (
    <div className="catalog">
      <div className="catalog-tools">
        <input
          ref={search}
          type="search"
          className="catalog-search"
          aria-label="Search menu"
          aria-keyshortcuts="/"
          placeholder="Search name, PLU or barcode (/)"
          autoComplete="off"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onSearchKey}
        />
        <div className="category-tabs" role="group" aria-label="Categories">
          {[null, ...categories].map((name) => (
            <button
              key={name ?? '*'}
              type="button"
              aria-pressed={!searching && category === name}
              onClick={() => {
                setCategory(name);
                setQuery('');
              }}
            >
              {name ?? 'All'}
            </button>
          ))}
        </div>
      </div>
      <div ref={grid} className="catalog-sections">
        {shown.length === 0 && <p className="placeholder">Nothing matches “{query.trim()}”</p>}
        {sections.map((section) => (
          <section key={section.name} aria-label={section.name} className="category">
            <h2>{section.name}</h2>
            <div className="item-grid">
              {section.items.map((item) => {
                const price = formatMoney(item.priceMinor, item.currency);
                const hasOptions = (item.modifierGroups?.length ?? 0) > 0;
                const state = availability?.get(item.id);
                const stock = availabilityLabel(state);
                return (
                  <button
                    key={item.id}
                    type="button"
                    className={['item', hasOptions ? 'has-options' : '', state?.soldOut ? 'sold-out' : ''].filter(Boolean).join(' ')}
                    // Spelled out so the name is exactly "Espresso €2.50" whatever the layout does to spacing; it
                    // holds every word on the button ("· options" too), so voice control finds it by what it shows.
                    aria-label={`${item.name} ${price}${hasOptions ? ' · options' : ''}${stock ? ` · ${stock}` : ''}`}
                    aria-haspopup={hasOptions ? 'dialog' : undefined}
                    disabled={disabled}
                    onClick={() => onPick(item)}
                  >
                    <span className="item-name">{item.name}</span>
                    <span className="item-price">
                      {price}
                      {hasOptions && <span className="item-options-hint"> · options</span>}
                    </span>
                    {stock && <span className="item-stock">{stock}</span>}
                  </button>
                );
              })}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
});
