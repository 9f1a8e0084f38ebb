import { TOKEN_MISSING, TOKEN_REJECTED } from '../bridge/connection.js';
import { useAppDispatch, useAppSelector } from '../store/hooks.js';
import { noticeDismissed } from '../store/notices-slice.js';

/**
 * The window's one live alert region. It stays mounted even when empty so screen readers announce
 * messages as they are inserted, and so tests find exactly one `alert`.
 */
export function AlertRegion() {
  const notices = useAppSelector((s) => s.notices);
  const connection = useAppSelector((s) => s.connection);
  const dispatch = useAppDispatch();
  const access = connection.status === 'unauthorized' ? (connection.reason === 'missing_token' ? TOKEN_MISSING : TOKEN_REJECTED) : null;
  return (
    <div role="alert" className="alerts">
      {access && <p className="notice notice-error">{access}. Open this window again from the link the station shows.</p>}
      {notices.map((notice) => (
        <p key={notice.key} className={`notice notice-${notice.severity}`}>
          <span>{notice.message}</span>{' '}
          <button type="button" className="dismiss" onClick={() => dispatch(noticeDismissed(notice.key))}>
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
