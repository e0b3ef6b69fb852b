type StatusBadgeProps = { status: string; label: string; testId: string };

/** A status pill; `data-status` carries the raw API value for tests, the text the human label. */
export function StatusBadge({ status, label, testId }: StatusBadgeProps) {
  return (
    <span className={`badge badge-${status.replace(':', '-')}`} data-testid={testId} data-status={status}>
      {label}
    </span>
  );
}
