import { EntitySchema, type Opt } from '@mikro-orm/core';

export abstract class BaseEntity {
  id!: number;
  createdAt: Date & Opt = new Date();
  updatedAt: Date & Opt = new Date();
}

export const BaseEntitySchema = new EntitySchema<BaseEntity>({
  name: 'BaseEntity',
  abstract: true,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    updatedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
