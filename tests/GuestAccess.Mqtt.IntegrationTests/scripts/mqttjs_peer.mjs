// mqtt.js (npm mqtt 5.16.0) as an independent MQTT peer for the integration tests.
// Prints one JSON object per line on stdout.
//   pubsub URL VERSION FILTER TOPIC COUNT      subscribe, publish one message with user properties, print COUNT messages
//   connect URL VERSION USER PASSWORD           print the connect outcome
//   publish URL USER PASSWORD TOPIC             v5 QoS 1 publish, print the PUBACK outcome
import mqtt from 'mqtt';

const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const [mode, url, ...args] = process.argv.slice(2);

function open(version, extra = {}) {
  return mqtt.connect(url, { protocolVersion: Number(version), reconnectPeriod: 0, connectTimeout: 5000, clean: true, ...extra });
}

if (mode === 'pubsub') {
  const [version, filter, topic, count] = args;
  const client = open(version, { clientId: 'mqttjs-' + version });
  let seen = 0;
  client.on('message', (t, payload, packet) => {
    emit({ event: 'message', topic: t, payload: payload.toString(), retain: packet.retain, qos: packet.qos, userProperties: packet.properties?.userProperties ?? null });
    if (++seen >= Number(count)) client.end(false, () => process.exit(0));
  });
  client.on('error', (e) => { emit({ event: 'error', message: e.message, code: e.code }); process.exit(2); });
  client.on('connect', () => {
    client.subscribe(filter, { qos: 1 }, (err, granted) => {
      if (err) { emit({ event: 'error', message: err.message }); process.exit(3); }
      emit({ event: 'subscribed', granted: granted.map((g) => g.qos) });
      const options = { qos: 1 };
      if (Number(version) === 5) options.properties = { userProperties: { origin: 'mqtt.js' } };
      client.publish(topic, 'from mqtt.js', options, (e) => emit({ event: 'published', error: e ? e.message : null }));
    });
  });
} else if (mode === 'connect') {
  const [version, username, password] = args;
  const client = open(version, { clientId: 'mqttjs-auth', username, password });
  client.on('connect', () => { emit({ event: 'connected' }); client.end(false, () => process.exit(0)); });
  client.on('error', (e) => { emit({ event: 'error', code: e.code ?? null, message: e.message }); client.end(true); process.exit(0); });
} else if (mode === 'publish') {
  const [username, password, topic] = args;
  const client = open(5, { clientId: 'mqttjs-pub', username, password });
  client.on('connect', () => {
    client.publish(topic, 'x', { qos: 1 }, (e) => {
      emit({ event: 'puback', code: e?.code ?? 0, message: e?.message ?? null });
      client.end(false, () => process.exit(0));
    });
  });
  client.on('error', (e) => { emit({ event: 'error', code: e.code ?? null, message: e.message }); process.exit(2); });
} else {
  emit({ event: 'error', message: 'unknown mode ' + mode });
  process.exit(64);
}
