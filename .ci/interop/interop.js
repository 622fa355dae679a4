// Confluent's own JavaScript Schema Registry client (@confluentinc/schemaregistry) against the
// project's broker and registry, for SchemaRegistryInteropIntegrationTest. Records travel with
// kafkajs (pure JavaScript). Usage: node interop.js SPEC.json; the spec names one action:
//   register: {registry, subject, schema, references?}      -> {"id":N} or {"status":S,"errorCode":C}
//   lookup:   {registry, subject, schema}                   -> {"id":N} or {"status":S,"errorCode":C}
//   produce:  {registry, bootstrap, topic, strategy (topic|record), recordName, header, records: [...]}
//             serialises each record with the subject's latest version (auto-registration off),
//             the schema id in front of the value, or in the __value_schema_id header -> {"sent":N}
//   consume:  {registry, bootstrap, topic, count, timeoutMs} -> one JSON line per record (read_committed)
'use strict';
const fs = require('fs');
const { Kafka, logLevel } = require('kafkajs');
const {
  SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType, SubjectNameStrategyType,
  VALUE_SCHEMA_ID_HEADER,
} = require('@confluentinc/schemaregistry');

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const client = new SchemaRegistryClient({ baseURLs: [spec.registry] });
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

// The registry answers with error_code; report it instead of failing.
async function registryCall(fn) {
  try {
    out({ id: await fn() });
  } catch (e) {
    out({ status: e.status ?? -1, errorCode: e.errorCode ?? -1, message: String(e.message) });
  }
}

// Apicurio gives no schema GUIDs, so the header carries the id form (magic byte 0 + 4-byte id),
// which Confluent's DualSchemaIdDeserializer reads from the header as it reads the GUID form.
const headerIdSerializer = (topic, serdeType, payload, schemaId, headers) => {
  headers[VALUE_SCHEMA_ID_HEADER] = schemaId.idToBytes();
  return payload;
};

function kafka() {
  return new Kafka({ clientId: 'qm-interop', brokers: [spec.bootstrap], logLevel: logLevel.NOTHING });
}

async function produce() {
  const ser = new AvroSerializer(client, SerdeType.VALUE, {
    autoRegisterSchemas: false,
    useLatestVersion: true,
    // RecordNameStrategy: with useLatestVersion the record's name cannot come from the message, so
    // the producer names it (spec.recordName), as Confluent's docs tell users of that option to
    ...(spec.strategy === 'record'
      ? { subjectNameStrategy: () => spec.recordName }
      : { subjectNameStrategyType: SubjectNameStrategyType.TOPIC }),
    ...(spec.header ? { schemaIdSerializer: headerIdSerializer } : {}),
  });
  const producer = kafka().producer();
  await producer.connect();
  const messages = [];
  for (const r of spec.records) {
    const headers = {};
    const value = await ser.serialize(spec.topic, r, headers);
    messages.push({ key: r.uploadId, value, headers });
  }
  await producer.send({ topic: spec.topic, messages });
  await producer.disconnect();
  out({ sent: messages.length });
}

async function consume() {
  const des = new AvroDeserializer(client, SerdeType.VALUE, {});
  const consumer = kafka().consumer({ groupId: 'qm-interop-' + Date.now(), readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic: spec.topic, fromBeginning: true });
  let seen = 0;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, spec.timeoutMs);
    consumer.run({
      eachMessage: async ({ message }) => {
        try {
          const v = await des.deserialize(spec.topic, message.value, message.headers);
          out({ key: message.key && message.key.toString(), value: v });
          if (++seen >= spec.count) {
            clearTimeout(timer);
            resolve();
          }
        } catch (e) {
          clearTimeout(timer);
          reject(e);
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
}

async function main() {
  switch (spec.action) {
    case 'register':
      return registryCall(() => client.register(spec.subject,
          { schemaType: 'AVRO', schema: spec.schema, references: spec.references ?? [] }));
    case 'lookup':
      return registryCall(() => client.getId(spec.subject, { schemaType: 'AVRO', schema: spec.schema }));
    case 'produce':
      return produce();
    case 'consume':
      return consume();
    default:
      throw new Error('unknown action ' + spec.action);
  }
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write('interop: ' + (e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
