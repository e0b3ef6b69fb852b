import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Version } from './fields';

export const UserCreatedData = z.object({ id: ObjectIdString, email: z.email(), version: Version });
export type UserCreatedData = z.infer<typeof UserCreatedData>;

export const UserCreated = defineEvent({
  name: 'UserCreated',
  subject: 'user.created',
  schema: UserCreatedData,
  description: 'A user signed up.',
  example: { id: '64b7f0c2a1b2c3d4e5f60718', email: 'ana@example.com', version: 0 },
});
