/** Shown when the URL names no window; hash links work both from the station's HTTP server and file://. */
export function Chooser() {
  return (
    <main className="chooser">
      <h1>Choose a window</h1>
      <nav aria-label="Windows">
        <ul role="list">
          <li>
            <a className="big-link" href="#window=cashier">
              Cashier
            </a>
          </li>
          <li>
            <a className="big-link" href="#window=kitchen">
              Kitchen
            </a>
          </li>
          <li>
            <a className="big-link" href="#window=customer">
              Customer display
            </a>
          </li>
          <li>
            <a className="big-link" href="#window=diagnostics">
              Diagnostics
            </a>
          </li>
        </ul>
      </nav>
    </main>
  );
}
