type AlertProps = {
  messages: readonly string[];
  title?: string;
  testId?: string;
};

/** The box for errors that belong to no single field (and for an unreachable API). Renders nothing when empty. */
export function Alert({ messages, title = 'Something went wrong', testId = 'alert' }: AlertProps) {
  if (messages.length === 0) return null;
  return (
    <div className="alert" role="alert" data-testid={testId}>
      <strong>{title}</strong>
      <ul>
        {messages.map((message, i) => (
          <li key={i}>{message}</li>
        ))}
      </ul>
    </div>
  );
}
