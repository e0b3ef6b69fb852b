import mongoose, { type Model, type Schema } from 'mongoose';

/**
 * The mongoose model `name` on `schema`, compiled once per process: a module loaded a second time in one process (a
 * test that re-imports a service's models) gets the model already compiled, where `mongoose.model` would throw
 * OverwriteModelError.
 */
export function defineModel<D>(name: string, schema: Schema<D>): Model<D> {
  return (mongoose.models[name] as Model<D> | undefined) ?? mongoose.model<D>(name, schema);
}
