import { randomUUID } from 'node:crypto';
import { Collection, EntitySchema, type Opt } from '@mikro-orm/core';
import type { Personalisation } from '#core/design/themes.ts';
import { BaseEntity, BaseEntitySchema } from './base';
import type { Variant } from './product';
import { User } from './user';

export const CART_STATUSES = ['active', 'checked_out', 'abandoned'] as const;
export type CartStatus = (typeof CART_STATUSES)[number];

export class Cart extends BaseEntity {
  /** Public identifier carried in the signed cart cookie. */
  token: string & Opt = randomUUID();
  user: User | null = null;
  email: string | null = null;
  status: CartStatus & Opt = 'active';
  /** The order a checkout of this exact cart content is running for; cleared when the cart changes. */
  checkoutOrderNumber: string | null = null;
  /** Loyalty points the customer chose to spend on this cart's checkout (0: none). */
  pointsToUse: number & Opt = 0;
  /** Pay for the cart's files with print credits. */
  payWithCredits: boolean & Opt = false;
  lastActivityAt: Date & Opt = new Date();
  /** When the cart-upkeep last put this cart in the abandoned-cart campaign (again only after newer activity). */
  remindedAt: Date | null = null;
  items = new Collection<CartItem>(this);
}

export class CartItem extends BaseEntity {
  cart: Cart;
  variant: Variant;
  quantity: number;
  personalisation: Personalisation | null = null;
  /** Canonical form of the personalisation: the same variant + personalisation is one line. */
  personalisationKey: string & Opt = '';
  /** The unit price the customer saw when adding the line: the cart says so when the price has changed since. */
  priceSeen: number | null = null;

  constructor(cart: Cart, variant: Variant, quantity: number) {
    super();
    this.cart = cart;
    this.variant = variant;
    this.quantity = quantity;
  }
}

export const CartSchema = new EntitySchema<Cart, BaseEntity>({
  class: Cart,
  extends: BaseEntitySchema,
  tableName: 'carts',
  indexes: [{ properties: ['status', 'lastActivityAt'] }],
  properties: {
    token: { type: 'uuid', unique: true },
    user: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'set null', index: true },
    email: { type: 'string', length: 254, nullable: true },
    status: { enum: true, items: () => [...CART_STATUSES], default: 'active' },
    checkoutOrderNumber: { type: 'string', length: 32, nullable: true },
    pointsToUse: { type: 'integer', default: 0 },
    payWithCredits: { type: 'boolean', default: false },
    lastActivityAt: { type: 'datetime', onCreate: () => new Date() },
    remindedAt: { type: 'datetime', nullable: true },
    items: { kind: '1:m', entity: () => CartItem, mappedBy: 'cart', orderBy: { id: 'asc' } },
  },
});

export const CartItemSchema = new EntitySchema<CartItem, BaseEntity>({
  class: CartItem,
  extends: BaseEntitySchema,
  tableName: 'cart_items',
  uniques: [{ properties: ['cart', 'variant', 'personalisationKey'] }],
  properties: {
    cart: { kind: 'm:1', entity: () => Cart, deleteRule: 'cascade' },
    variant: { kind: 'm:1', entity: 'Variant' },
    quantity: { type: 'integer' },
    personalisation: { type: 'json', nullable: true },
    personalisationKey: { type: 'text', default: '' },
    priceSeen: { type: 'integer', nullable: true },
  },
});
