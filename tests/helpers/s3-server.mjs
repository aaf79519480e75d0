// A real S3-compatible server (s3rver) in its own process, on loopback, so a test can kill it with
// SIGKILL mid-upload. Usage: node s3-server.mjs DIR PORT BUCKET…  (PORT 0: any free port).
// Prints {"port": N} on its first line once it answers.
//
// s3rver stores an `aws-chunked` body (what minio-go, hence restic, sends over plain http: the
// payload cut into signed chunks) as it came, chunk headers and all, so restic could write but
// never read its own repository back. Such bodies are decoded here before they are stored, as S3,
// MinIO and Ceph do; other requests (the AWS SDK's) are untouched. The chunk signatures are not
// checked (the request's own signature still is).
import S3rver from 's3rver';
import { Transform } from 'node:stream';

const [dir, port, ...buckets] = process.argv.slice(2);
const server = new S3rver({ port: Number(port), address: '127.0.0.1', silent: true, directory: dir, configureBuckets: buckets.map((name) => ({ name })) });

const chunked = (req) => req?.headers?.['x-amz-content-sha256']?.startsWith('STREAMING-') ?? false;

/** `<hex size>;chunk-signature=…\r\n<bytes>\r\n` … `0;…\r\n\r\n` → the bytes. */
function dechunk(req) {
  let head = Buffer.alloc(0); // an unfinished chunk header (or the CRLF after a chunk's data)
  let left = 0; // data bytes of the current chunk still to pass on
  let skip = 0; // CRLF bytes still to skip after a chunk's data
  let done = false;
  const out = new Transform({
    transform(buf, _enc, cb) {
      let i = 0;
      while (i < buf.length && !done) {
        if (left > 0) {
          const n = Math.min(left, buf.length - i);
          this.push(buf.subarray(i, i + n));
          i += n;
          left -= n;
          if (left === 0) skip = 2;
        } else if (skip > 0) {
          const n = Math.min(skip, buf.length - i);
          i += n;
          skip -= n;
        } else {
          const end = buf.indexOf('\r\n', i);
          if (end < 0) {
            head = Buffer.concat([head, buf.subarray(i)]);
            break;
          }
          const line = Buffer.concat([head, buf.subarray(i, end)]).toString('latin1');
          head = Buffer.alloc(0);
          i = end + 2;
          left = parseInt(line.split(';')[0], 16);
          if (!(left > 0)) done = true; // the final, empty chunk (trailers, if any, are dropped)
        }
      }
      cb();
    },
  });
  req.on('error', (err) => out.destroy(err));
  return req.pipe(out);
}

const { store } = server;
const putObject = store.putObject.bind(store);
store.putObject = (object) => {
  if (chunked(object.content)) {
    const h = object.content.headers;
    object.content = dechunk(object.content);
    object.metadata['content-length'] = h['x-amz-decoded-content-length'];
    const enc = (object.metadata['content-encoding'] ?? '').split(',').map((e) => e.trim()).filter((e) => e && e !== 'aws-chunked');
    if (enc.length) object.metadata['content-encoding'] = enc.join(',');
    else delete object.metadata['content-encoding'];
  }
  return putObject(object);
};
const putPart = store.putPart.bind(store);
store.putPart = (bucket, uploadId, partNumber, content) => putPart(bucket, uploadId, partNumber, chunked(content) ? dechunk(content) : content);

const { port: listening } = await server.run();
process.stdout.write(`${JSON.stringify({ port: listening })}\n`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
