// A non-Java client of the sample's gRPC health service: grpc-js with @grpc/proto-loader, loading the
// canonical upstream health.proto. Used by NodeClientIT (of sample-app and sample-app-boot4); also runnable
// by hand against a running sample:
//   npm ci && node health-client.mjs --target 127.0.0.1:9090 --admin http://127.0.0.1:8080 \
//     --proto ../../../../health-grpc-core/src/test/proto/upstream/canonical_health.proto
// Prints one JSON object on stdout: what Check, List and Watch answered.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const { values: args } = parseArgs({
  options: {
    target: { type: 'string' },
    admin: { type: 'string' },
    proto: { type: 'string' },
  },
});
for (const name of ['target', 'admin', 'proto']) {
  if (!args[name]) {
    console.error(`missing --${name}`);
    process.exit(2);
  }
}

const giveUp = setTimeout(() => {
  console.error('health-client: timed out');
  process.exit(3);
}, 60_000);

const definition = protoLoader.loadSync(args.proto, { keepCase: true, enums: String, defaults: true });
const { Health } = grpc.loadPackageDefinition(definition).grpc.health.v1;
const client = new Health(args.target, grpc.credentials.createInsecure());
const deadline = () => new Date(Date.now() + 5_000);

function failure(err) {
  return { code: err.code, codeName: grpc.status[err.code], details: err.details };
}

function check(service) {
  return new Promise((resolve) => {
    client.Check({ service }, { deadline: deadline() }, (err, response) =>
      resolve(err ? failure(err) : { status: response.status }));
  });
}

function list() {
  return new Promise((resolve) => {
    client.List({}, { deadline: deadline() }, (err, response) => {
      if (err) {
        resolve(failure(err));
        return;
      }
      const statuses = {};
      for (const [name, value] of Object.entries(response.statuses)) {
        statuses[name] = value.status;
      }
      resolve({ statuses });
    });
  });
}

// A Watch stream that records every status and lets the caller wait for the next one it expects.
function watch(service) {
  const call = client.Watch({ service });
  const received = [];
  let cursor = 0;
  let waiting = null;
  let error = null;
  const deliver = () => {
    if (!waiting) return;
    while (cursor < received.length) {
      if (received[cursor++] === waiting.status) {
        const { resolve } = waiting;
        waiting = null;
        resolve();
        return;
      }
    }
  };
  call.on('data', (response) => {
    received.push(response.status);
    deliver();
  });
  call.on('error', (err) => {
    if (err.code !== grpc.status.CANCELLED) {
      error = failure(err);
      if (waiting) waiting.reject(new Error(`Watch(${service}) failed: ${err.message}`));
    }
  });
  return {
    received,
    get error() {
      return error;
    },
    next(status) {
      return new Promise((resolve, reject) => {
        waiting = { status, resolve, reject };
        deliver();
      });
    },
    cancel() {
      call.cancel();
    },
  };
}

async function post(path) {
  const response = await fetch(args.admin + path, { method: 'POST' });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status}`);
}

const require = createRequire(import.meta.url);
const result = { client: `grpc-js ${require('@grpc/grpc-js/package.json').version}` };

result.check = {};
for (const service of ['', 'readiness', 'liveness', 'helloworld.Greeter', 'no.such.Service']) {
  result.check[service] = await check(service);
}
result.list = await list();

// The Greeter's name follows the downstream: break it, see NOT_SERVING pushed, heal it, see SERVING.
const greeter = watch('helloworld.Greeter');
await greeter.next('SERVING');
await post('/admin/downstream/break');
await greeter.next('NOT_SERVING');
await post('/admin/downstream/heal');
await greeter.next('SERVING');
greeter.cancel();
result.watchGreeter = { received: greeter.received, error: greeter.error };

const unknown = watch('no.such.Service');
await unknown.next('SERVICE_UNKNOWN');
unknown.cancel();
result.watchUnknown = { received: unknown.received, error: unknown.error };

client.close();
clearTimeout(giveUp);
console.log(JSON.stringify(result));
