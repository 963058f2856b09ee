// An SMTP server for the alert tests: STARTTLS with the given key and certificate, one user and password, and every
// message it accepts written whole into a folder (one .eml file each). Usage:
//   node receiver.mjs PORT KEY_PEM CERT_PEM USER PASSWORD FOLDER
import { SMTPServer } from 'smtp-server';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [port, key, cert, user, password, folder] = process.argv.slice(2);
let received = 0;
const server = new SMTPServer({
  key: readFileSync(key),
  cert: readFileSync(cert),
  authMethods: ['PLAIN', 'LOGIN'],
  allowInsecureAuth: false,
  onAuth(auth, session, callback) {
    if (auth.username === user && auth.password === password) {
      return callback(null, { user });
    }
    return callback(new Error('535 5.7.8 Authentication credentials invalid'));
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      received += 1;
      writeFileSync(join(folder, `message-${Date.now()}-${received}.eml`), Buffer.concat(chunks));
      callback(null, `Message ${received} queued`);
    });
  },
});
server.on('error', (error) => console.error('smtp error', error.message));
server.listen(Number(port), '127.0.0.1', () => console.log(`listening on ${port}`));
