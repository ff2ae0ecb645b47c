import { SuomifiClient } from '../electron/core/suomifi/client';
import { SuomifiTestServer } from './suomifi/server';
const server = await new SuomifiTestServer({ defaultMailbox: true }).start();
const c = new SuomifiClient({ apiUrl: server.url, username: server.username, timeoutMs: 500 }, { password: () => server.currentPassword() });
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(80000, 65)]);
const msg = (id: string, a: string) => ({ externalId: id, electronic: { attachments: [{ attachmentId: a }], body: 'b', bodyFormat: 'Text' as const, messageServiceType: 'Normal' as const, notifications: { senderDetailsInNotifications: 'None' as const, unreadMessageNotification: { reminder: 'No reminders' as const } }, replyAllowedBy: 'No one' as const, title: 't', visibility: 'Normal' as const }, recipient: { id: '010150-999K' }, sender: { serviceId: server.serviceId } });
server.inject({ path: '/v2/messages/electronic', kind: 'status429', times: 3 });
server.inject({ path: '/v2/messages/electronic', kind: 'status500', times: 2 });
server.inject({ path: '/v2/attachments', kind: 'status503', times: 2 });
server.inject({ path: '/v2/messages/electronic', kind: 'drop', when: 'after', times: 2 });
server.inject({ path: '/v2/messages/electronic', kind: 'garbage', when: 'after', times: 1 });
server.inject({ path: '/v2/messages/electronic', kind: 'timeout', times: 1 });
async function one(i: number) {
  for (let k = 0; k < 6; k++) {
    const t = Date.now();
    try { const a = await c.uploadAttachment('x.pdf', pdf); const r = await c.send(msg('x' + i, a)); console.log(i, k, JSON.stringify(r), Date.now() - t); return; } catch (e) { console.log(i, k, 'ERR', (e as Error).message, Date.now() - t); await new Promise(r=>setTimeout(r, 10)); }
  }
}
await Promise.all([0,1,2,3].map(async (w) => { for (let i = w; i < 10; i += 4) await one(i); }));
console.log(JSON.stringify(server.requests.map(r=>r.path.slice(4,8)+':'+r.status)));
await server.close();
