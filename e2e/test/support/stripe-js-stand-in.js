/* global window, document */
// A stand-in for Stripe.js (https://js.stripe.com/<release>/stripe.js), served to the browser by the tests in its
// place: Stripe's servers cannot be reached here. It implements what the client uses, in the shapes Stripe documents:
//   Stripe(publishableKey)                       the factory loadStripe calls (no `new`)
//   stripe.elements(options)                     an Elements group (deferred intent: mode, amount, currency...)
//   elements.create('payment').mount(node)       the Payment Element: here plain labelled inputs, not Stripe's frame
//   elements.submit()                            { error? } (validation_error, as Stripe's incomplete_* codes)
//   stripe.createPaymentMethod({ elements })     { paymentMethod } | { error }
//   stripe.handleNextAction({ clientSecret })    { paymentIntent } | { error }: frames the challenge page named by
//                                                next_action (the Stripe fake's), waits for its answer, reads the
//                                                intent back with the publishable key, as Stripe.js does
// The PaymentMethod it creates is Stripe's test token for the card number typed (4242 4242 4242 4242 →
// pm_card_visa, ...), which the Stripe fake accepts as Stripe's test mode does. Calls are recorded in
// window.__stripeStandIn.calls for the tests. __STRIPE_API__ is replaced by the Stripe fake's URL when served.
(function () {
  'use strict';
  var STRIPE_API = '__STRIPE_API__';
  var CHALLENGE_DONE = 'stripe-fake:3ds-challenge-done';
  var CARDS = {
    4242424242424242: { token: 'pm_card_visa', brand: 'visa' },
    5555555555554444: { token: 'pm_card_mastercard', brand: 'mastercard' },
    4000000000000002: { token: 'pm_card_chargeDeclined', brand: 'visa' },
    4000000000009995: { token: 'pm_card_chargeDeclinedInsufficientFunds', brand: 'visa' },
    4000002500003155: { token: 'pm_card_authenticationRequired', brand: 'visa' },
    4000000000003220: { token: 'pm_card_threeDSecure2Required', brand: 'visa' },
  };
  var record = (window.__stripeStandIn = window.__stripeStandIn || { calls: [] });
  var nextId = 0;

  function digits(text) {
    return String(text || '').replace(/\D/g, '');
  }

  function validationError(code, message) {
    return { error: { type: 'validation_error', code: code, message: message } };
  }

  /** The Payment Element: card number, expiry and CVC, each with its label, in the node it is mounted on. */
  function createPaymentElement(group) {
    var listeners = {};
    var root = null;
    var fields = {};
    function emit(event, payload) {
      (listeners[event] || []).slice().forEach(function (handler) {
        handler(payload);
      });
    }
    function field(container, name, label, placeholder, autocomplete) {
      var id = 'stand-in-' + name + '-' + ++nextId;
      var wrap = document.createElement('div');
      wrap.className = 'field';
      var labelEl = document.createElement('label');
      labelEl.htmlFor = id;
      labelEl.textContent = label;
      var input = document.createElement('input');
      input.id = id;
      input.name = name;
      input.inputMode = 'numeric';
      input.autocomplete = autocomplete;
      input.placeholder = placeholder;
      input.addEventListener('input', function () {
        emit('change', { elementType: 'payment', empty: false, complete: complete(), value: { type: 'card' } });
      });
      wrap.appendChild(labelEl);
      wrap.appendChild(input);
      container.appendChild(wrap);
      fields[name] = input;
    }
    function complete() {
      return (
        digits(fields.number && fields.number.value).length >= 15 &&
        digits(fields.expiry && fields.expiry.value).length === 4 &&
        digits(fields.cvc && fields.cvc.value).length >= 3
      );
    }
    var element = {
      mount: function (target) {
        var node = typeof target === 'string' ? document.querySelector(target) : target;
        root = document.createElement('div');
        root.setAttribute('data-testid', 'stripe-stand-in-payment-element');
        root.style.cssText = 'display:grid;gap:0.75rem';
        field(root, 'number', 'Card number', '1234 1234 1234 1234', 'cc-number');
        field(root, 'expiry', 'Expiration date (MM / YY)', 'MM / YY', 'cc-exp');
        field(root, 'cvc', 'Security code', 'CVC', 'cc-csc');
        node.appendChild(root);
        record.calls.push({ method: 'element.mount', type: 'payment' });
        setTimeout(function () {
          emit('ready', { elementType: 'payment' });
        }, 0);
      },
      on: function (event, handler) {
        (listeners[event] = listeners[event] || []).push(handler);
        return element;
      },
      once: function (event, handler) {
        function once(payload) {
          element.off(event, once);
          handler(payload);
        }
        return element.on(event, once);
      },
      off: function (event, handler) {
        listeners[event] = (listeners[event] || []).filter(function (h) {
          return h !== handler;
        });
        return element;
      },
      update: function () {},
      focus: function () {
        if (fields.number) fields.number.focus();
      },
      blur: function () {},
      clear: function () {
        Object.keys(fields).forEach(function (k) {
          fields[k].value = '';
        });
      },
      unmount: function () {
        if (root && root.parentNode) root.parentNode.removeChild(root);
      },
      destroy: function () {
        element.unmount();
        group._element = null;
      },
      _values: function () {
        return {
          number: digits(fields.number && fields.number.value),
          expiry: digits(fields.expiry && fields.expiry.value),
          cvc: digits(fields.cvc && fields.cvc.value),
        };
      },
    };
    return element;
  }

  function createElements(options) {
    var group = {
      _options: options || {},
      _element: null,
      create: function (type, elementOptions) {
        if (type !== 'payment') throw new Error('The Stripe.js stand-in has only the Payment Element, not ' + type);
        group._element = createPaymentElement(group, elementOptions);
        return group._element;
      },
      getElement: function (type) {
        return type === 'payment' ? group._element : null;
      },
      update: function (updates) {
        Object.assign(group._options, updates);
      },
      fetchUpdates: function () {
        return Promise.resolve({});
      },
      submit: function () {
        record.calls.push({ method: 'elements.submit' });
        var values = group._element ? group._element._values() : { number: '', expiry: '', cvc: '' };
        if (values.number.length < 15)
          return Promise.resolve(validationError('incomplete_number', 'Your card number is incomplete.'));
        if (values.expiry.length !== 4)
          return Promise.resolve(validationError('incomplete_expiry', "Your card's expiration date is incomplete."));
        if (values.cvc.length < 3)
          return Promise.resolve(validationError('incomplete_cvc', "Your card's security code is incomplete."));
        return Promise.resolve({});
      },
    };
    return group;
  }

  function retrieveIntent(key, clientSecret) {
    var id = clientSecret.split('_secret_')[0];
    var query = '?key=' + encodeURIComponent(key) + '&client_secret=' + encodeURIComponent(clientSecret);
    return fetch(STRIPE_API + '/v1/payment_intents/' + encodeURIComponent(id) + query).then(function (res) {
      return res.json();
    });
  }

  /** Frames the challenge page in a modal dialog, as Stripe.js does, and resolves when the page says it is answered. */
  function showChallenge(url) {
    return new Promise(function (resolve) {
      var overlay = document.createElement('div');
      overlay.setAttribute('role', 'dialog');
      overlay.setAttribute('aria-modal', 'true');
      overlay.setAttribute('aria-label', 'Confirm the payment with your bank');
      overlay.setAttribute('data-testid', 'stripe-challenge');
      overlay.style.cssText =
        'position:fixed;inset:0;background:rgba(31,41,51,.6);display:flex;align-items:center;justify-content:center;z-index:1000';
      var frame = document.createElement('iframe');
      frame.src = url;
      frame.title = '3D Secure authentication';
      frame.style.cssText = 'width:min(420px,92vw);height:320px;border:0;border-radius:8px;background:#fff';
      overlay.appendChild(frame);
      document.body.appendChild(overlay);
      function onMessage(event) {
        if (!event.data || event.data.type !== CHALLENGE_DONE || event.source !== frame.contentWindow) return;
        window.removeEventListener('message', onMessage);
        document.body.removeChild(overlay);
        resolve();
      }
      window.addEventListener('message', onMessage);
    });
  }

  function createStripe(key) {
    var stripe = {
      elements: function (options) {
        record.calls.push({ method: 'stripe.elements', options: options });
        return createElements(options);
      },
      createPaymentMethod: function (options) {
        record.calls.push({ method: 'stripe.createPaymentMethod' });
        var element = options && options.elements && options.elements.getElement('payment');
        if (!element) return Promise.resolve(validationError('incomplete_number', 'Your card number is incomplete.'));
        var values = element._values();
        var card = CARDS[values.number];
        if (!card) return Promise.resolve(validationError('invalid_number', 'Your card number is invalid.'));
        return Promise.resolve({
          paymentMethod: {
            id: card.token,
            object: 'payment_method',
            type: 'card',
            card: { brand: card.brand, last4: values.number.slice(-4), exp_month: Number(values.expiry.slice(0, 2)) },
            billing_details: (options.params && options.params.billing_details) || {},
            livemode: false,
          },
        });
      },
      handleNextAction: function (options) {
        record.calls.push({ method: 'stripe.handleNextAction' });
        var clientSecret = options.clientSecret;
        return retrieveIntent(key, clientSecret).then(function (intent) {
          if (intent.error) return { error: intent.error };
          if (intent.status !== 'requires_action') {
            return {
              error: {
                type: 'invalid_request_error',
                code: 'payment_intent_unexpected_state',
                message: 'This PaymentIntent does not require an action (its status is ' + intent.status + ').',
                payment_intent: intent,
              },
            };
          }
          var action = intent.next_action || {};
          var url = action.use_stripe_sdk
            ? action.use_stripe_sdk.stripe_js
            : action.redirect_to_url && action.redirect_to_url.url;
          return showChallenge(url)
            .then(function () {
              return retrieveIntent(key, clientSecret);
            })
            .then(function (after) {
              if (
                after.status === 'succeeded' ||
                after.status === 'processing' ||
                after.status === 'requires_capture'
              ) {
                return { paymentIntent: after };
              }
              return { error: Object.assign({}, after.last_payment_error, { payment_intent: after }) };
            });
        });
      },
      // Present because react-stripe-js checks for them (isStripe); the client never calls them.
      createToken: function () {
        return Promise.resolve({ error: { type: 'invalid_request_error', message: 'Not in the Stripe.js stand-in.' } });
      },
      confirmCardPayment: function () {
        return Promise.resolve({ error: { type: 'invalid_request_error', message: 'Not in the Stripe.js stand-in.' } });
      },
      registerAppInfo: function () {},
      _registerWrapper: function (wrapper) {
        record.calls.push({ method: '_registerWrapper', name: wrapper && wrapper.name });
      },
    };
    return stripe;
  }

  window.Stripe = function (key) {
    record.calls.push({ method: 'Stripe', key: key });
    return createStripe(key);
  };
  // The release train @stripe/stripe-js 10 expects, so that it does not warn of a mismatch.
  window.Stripe.version = 'endive';
})();
