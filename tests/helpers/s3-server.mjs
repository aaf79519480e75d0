// A real S3-compatible server (s3rver) in its own process, on loopback, so a test can kill it with
// SIGKILL mid-upload. Usage: node s3-server.mjs DIR PORT BUCKET…  (PORT 0: any free port).
// Prints {"port": N} on its first line once it answers.
import S3rver from 's3rver';

const [dir, port, ...buckets] = process.argv.slice(2);
const server = new S3rver({ port: Number(port), address: '127.0.0.1', silent: true, directory: dir, configureBuckets: buckets.map((name) => ({ name })) });
const { port: listening } = await server.run();
process.stdout.write(`${JSON.stringify({ port: listening })}\n`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
