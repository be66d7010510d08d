// Initiates the replica set and reconciles the per-service users. Idempotent: run it as often as
// you like (the mongodb-init Job does, on every apply after its previous run has expired).
//
// Environment (see job.yaml):
//   MONGODB_REPLICA_SET   replica set name (rs0)
//   MONGODB_MEMBERS       number of StatefulSet members (3 on EKS, 1 locally)
//   MONGODB_STATEFULSET   StatefulSet name (mongodb); MONGODB_SERVICE headless Service name
//   POD_NAMESPACE         namespace (downward API)
//   MONGODB_ROOT_USERNAME / MONGODB_ROOT_PASSWORD           from Secret mongodb-admin
//   MONGODB_PASSWORD_STOREFRONT_API / _ORDER_PROCESSOR / _INVENTORY_WORKER / _OPS_API  per-service Secrets
//   MONGODB_PASSWORD_BACKUP (optional)  Secret mongodb-backup, where backups are on
//   MONGODB_TLS_OPTIONS   connection string options for TLS (tls=true&tlsCAFile=...): the members require it

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
};

const rsName = env('MONGODB_REPLICA_SET');
const memberCount = parseInt(env('MONGODB_MEMBERS'), 10);
const sts = env('MONGODB_STATEFULSET');
const service = env('MONGODB_SERVICE');
const namespace = env('POD_NAMESPACE');
const rootUser = env('MONGODB_ROOT_USERNAME');
const rootPassword = env('MONGODB_ROOT_PASSWORD');
const tls = process.env.MONGODB_TLS_OPTIONS ? `&${process.env.MONGODB_TLS_OPTIONS}` : '';

const hosts = [];
for (let i = 0; i < memberCount; i++) {
  hosts.push(`${sts}-${i}.${service}.${namespace}.svc.cluster.local:27017`);
}

// A user who may only read the given databases.
const reader = (user, passwordVariable, databases) => ({
  user,
  pwd: env(passwordVariable),
  roles: databases.map((db) => ({ role: 'read', db })),
});

// One user per service, each with only the roles it needs (databases: see docs/deploy.md).
const users = [
  reader('storefront-api', 'MONGODB_PASSWORD_STOREFRONT_API', ['catalog', 'inventory', 'orders', 'carts']),
  {
    user: 'order-processor',
    pwd: env('MONGODB_PASSWORD_ORDER_PROCESSOR'),
    roles: [
      { role: 'readWrite', db: 'orders' },
      { role: 'readWrite', db: 'carts' },
      { role: 'read', db: 'catalog' },
    ],
  },
  {
    user: 'inventory-worker',
    pwd: env('MONGODB_PASSWORD_INVENTORY_WORKER'),
    roles: [
      { role: 'readWrite', db: 'catalog' },
      { role: 'readWrite', db: 'inventory' },
    ],
  },
  // the operators' service: reads products, stock and orders; its changes go through Kafka
  reader('ops-api', 'MONGODB_PASSWORD_OPS_API', ['catalog', 'inventory', 'orders']),
];

// The backup user (k8s/components/backup-s3) exists only where its Secret does.
if (process.env.MONGODB_PASSWORD_BACKUP) {
  users.push({
    user: 'backup',
    pwd: process.env.MONGODB_PASSWORD_BACKUP,
    roles: [{ role: 'backup', db: 'admin' }],
  });
}

function connectAuthenticated(uri) {
  const conn = new Mongo(uri);
  const admin = conn.getDB('admin');
  admin.auth(rootUser, rootPassword);
  return admin;
}

function retry(what, fn) {
  for (let attempt = 1; ; attempt++) {
    try {
      return fn();
    } catch (e) {
      if (attempt >= 90) {
        throw e;
      }
      print(`waiting for ${what} (attempt ${attempt}): ${e.message}`);
      sleep(2000);
    }
  }
}

// 1. every member is up and accepts the root user (created by each member's entrypoint)
hosts.forEach((host) =>
  retry(`member ${host}`, () => connectAuthenticated(`mongodb://${host}/?directConnection=true${tls}`).runCommand({ ping: 1 })));

// 2. initiate the set on member 0 unless it already has a configuration
const first = connectAuthenticated(`mongodb://${hosts[0]}/?directConnection=true${tls}`);
const status = first.runCommand({ replSetGetStatus: 1 });
if (status.ok === 1) {
  print(`replica set ${status.set} already initiated`);
} else if (status.code === 94 /* NotYetInitialized */) {
  const config = {
    _id: rsName,
    members: hosts.map((host, i) => ({ _id: i, host: host })),
  };
  print(`initiating replica set ${rsName} with ${hosts.length} member(s)`);
  const result = first.runCommand({ replSetInitiate: config });
  if (result.ok !== 1) {
    throw new Error(`replSetInitiate failed: ${tojson(result)}`);
  }
} else {
  throw new Error(`unexpected replSetGetStatus answer: ${tojson(status)}`);
}

// 3. wait for a primary, then create or update the users there
const admin = retry('a primary', () => {
  const db = connectAuthenticated(`mongodb://${hosts.join(',')}/?replicaSet=${rsName}${tls}`);
  if (!db.runCommand({ hello: 1 }).isWritablePrimary) {
    throw new Error('no primary yet');
  }
  return db;
});

users.forEach((u) => {
  if (admin.getUser(u.user) === null) {
    admin.createUser({ user: u.user, pwd: u.pwd, roles: u.roles });
    print(`created user ${u.user}`);
  } else {
    // passwords and roles follow the Secrets and this file
    admin.updateUser(u.user, { pwd: u.pwd, roles: u.roles });
    print(`updated user ${u.user}`);
  }
});
print('replica set and users are in place');
