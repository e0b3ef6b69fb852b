import type { ReactNode } from 'react';

/** A column's heading; `{ hidden }` for a column of links, whose heading only screen readers read. */
export type Column = string | { hidden: string };

/** A list as the pages show one: a row of column headings, then the rows (`<tr>`s) given as children. */
export function Table({
  testId,
  columns,
  children,
}: {
  testId: string;
  columns: readonly Column[];
  children: ReactNode;
}) {
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column) =>
            typeof column === 'string' ? (
              <th scope="col" key={column}>
                {column}
              </th>
            ) : (
              <th scope="col" key={column.hidden}>
                <span className="visually-hidden">{column.hidden}</span>
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
