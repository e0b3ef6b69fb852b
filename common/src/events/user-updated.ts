import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Version } from './fields';

export const UserUpdatedData = z.object({ id: ObjectIdString, email: z.email(), version: Version });
export type UserUpdatedData = z.infer<typeof UserUpdatedData>;

export const UserUpdated = defineEvent({
  name: 'UserUpdated',
  subject: 'user.updated',
  schema: UserUpdatedData,
  description: "A user's account changed (reserved in the contract; not published yet).",
  example: { id: '64b7f0c2a1b2c3d4e5f60718', email: 'ana@example.org', version: 1 },
});
