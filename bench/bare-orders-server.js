// The floor for bench/orders-and-tickets.js: the seed app's orders service, bare. Express + cookie-session + a JWT
// check (what its currentUser/requireAuth did), then its algorithm: `findById` the ticket, `findOne` a live order for
// it, `save` the order, publish OrderCreated with nats.js and answer. Racy on purpose (two buyers can both pass the
// findOne): it is the cost floor, not a design. Env: PORT, MONGO_URI, NATS_URL, NATS_USER, NATS_PASSWORD, JWT_KEY.
const express = require('express');
const cookieSession = require('cookie-session');
const jwt = require('jsonwebtoken');
const mongoose = require('mongoose');
const { connect } = require('@nats-io/transport-node');
const { jetstream } = require('@nats-io/jetstream');

const Ticket = mongoose.model(
  'Ticket',
  new mongoose.Schema({ _id: String, title: String, price: Number, userId: String, version: Number }),
  'tickets',
);
const Order = mongoose.model(
  'Order',
  new mongoose.Schema({ userId: String, status: String, expiresAt: Date, ticket: { type: String, ref: 'Ticket' } }),
  'orders',
);

async function main() {
  await mongoose.connect(process.env.MONGO_URI);
  // The bus refuses anonymous connections. Run as the orders user, the server checks the same rights as for ours; a
  // service may read replies on its own inbox prefix only (infra/local's inboxPrefixOf), so the PubAcks come there.
  const user = process.env.NATS_USER;
  const nc = await connect({
    servers: process.env.NATS_URL,
    user,
    pass: process.env.NATS_PASSWORD,
    inboxPrefix: `_INBOX_${user}`,
  });
  const js = jetstream(nc);
  const app = express();
  app.use(express.json());
  app.use(cookieSession({ name: 'session', signed: false, secure: false }));
  app.post('/api/orders', async (req, res) => {
    let user;
    try {
      user = jwt.verify(req.session?.jwt, process.env.JWT_KEY);
    } catch {
      return res.status(401).json({ errors: [{ message: 'Not authorized' }] });
    }
    const ticket = await Ticket.findById(req.body.ticketId);
    if (!ticket) return res.status(404).json({ errors: [{ message: 'Not found' }] });
    const reserved = await Order.findOne({
      ticket: ticket._id,
      status: { $in: ['created', 'awaiting:payment', 'completed'] },
    });
    if (reserved) return res.status(409).json({ errors: [{ message: 'Ticket is already reserved' }] });
    const order = new Order({
      userId: user.id,
      status: 'created',
      expiresAt: new Date(Date.now() + 900_000),
      ticket: ticket._id,
    });
    await order.save();
    await js.publish(
      'order.created',
      JSON.stringify({
        id: order.id,
        version: 0,
        userId: user.id,
        status: 'created',
        expiresAt: order.expiresAt,
        ticket: { id: ticket._id, price: ticket.price },
      }),
    );
    res.status(201).json({ id: order.id, status: order.status, expiresAt: order.expiresAt, ticket });
  });
  app.get('/readyz', (_req, res) => res.json({ ok: true }));
  app.listen(Number(process.env.PORT));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
