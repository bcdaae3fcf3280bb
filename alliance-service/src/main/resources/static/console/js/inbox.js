// An inbox on the page: the newest entries, then each new one as it arrives on the live stream.
import { api, follow } from './api.js';
import { L } from './i18n.js';
import { dateTime } from './format.js';
import { el } from './ui.js';

const NOTICE = 'org.paperlink.notice.';

/**
 * list: the <ul>; unreadBadge, liveBadge: where the unread count and the stream's state show;
 * query: extra filters (urgent=true, type=…); accept(item): which live items belong here;
 * onRead(item): after the reader marks one read.
 */
export function mountInbox({ list, unreadBadge = null, liveBadge = null, query = '', accept = () => true, size = 20, onRead = () => {} }) {
	const shown = new Map();

	function entry(item) {
		const notice = item.eventType.startsWith(NOTICE);
		const button = item.read ? null : el('button', {
			type: 'button', class: 'small secondary', 'data-entry': item.id,
			onclick: async (event) => {
				event.target.disabled = true;
				try {
					const read = await api('notification', `/api/v1/inbox/${encodeURIComponent(item.id)}/read`, { method: 'POST' });
					replace(read);
					refreshCount();
					onRead(read);
				}
				catch (error) {
					event.target.disabled = false;
					event.target.after(el('span', { class: 'field-error', role: 'alert' }, error.message));
				}
			},
		}, notice ? L('确认已读', 'Acknowledge') : L('标为已读', 'Mark read'));
		return el('li', { class: [item.read ? 'read' : 'unread', item.urgent ? 'urgent' : ''].join(' '), 'data-id': item.id, 'data-event-type': item.eventType },
			el('div', { class: 'title' }, item.title, item.urgent ? el('span', { class: 'badge urgent' }, L('紧急', 'Urgent')) : null),
			el('div', { class: 'item-body' }, item.body),
			el('div', { class: 'actions muted' }, dateTime(item.createdAt),
				item.read ? el('span', { class: 'badge' }, L(`已读 ${dateTime(item.readAt)}`, `Read ${dateTime(item.readAt)}`)) : null,
				button));
	}

	function replace(item) {
		const existing = shown.get(item.id);
		const fresh = entry(item);
		shown.set(item.id, fresh);
		if (existing) {
			existing.replaceWith(fresh);
		}
		else {
			list.prepend(fresh);
		}
	}

	async function refreshCount() {
		if (unreadBadge) {
			const { unread } = await api('notification', '/api/v1/inbox/unread-count');
			unreadBadge.textContent = L(`${unread} 条未读`, `${unread} unread`);
		}
	}

	// what the stream brought while a reload was under way: it may be newer than the page read
	let arrivedWhileLoading = null;

	async function load() {
		arrivedWhileLoading = [];
		try {
			const page = await api('notification', `/api/v1/inbox?size=${size}${query}`);
			list.replaceChildren();
			shown.clear();
			if (page.items.length === 0 && arrivedWhileLoading.length === 0) {
				list.append(el('li', { class: 'muted empty' }, L('暂无消息', 'Nothing yet')));
			}
			for (const item of [...page.items].reverse()) {
				replace(item);
			}
			for (const item of arrivedWhileLoading) {
				replace(item);
			}
		}
		finally {
			arrivedWhileLoading = null;
		}
		await refreshCount();
	}

	const stop = follow('notification', '/api/v1/inbox/stream', (name, item) => {
		if (name === 'resync') {
			// fell behind the stream (or came back after too long): the list is reloaded
			load();
			return;
		}
		if (name === 'notification' && accept(item)) {
			arrivedWhileLoading?.push(item);
			list.querySelector('li.empty')?.remove();
			replace(item);
			refreshCount();
		}
	}, (state) => {
		if (state === 'live') {
			// on every (re)connection: what was written while the page was loading or the
			// stream was away is in the list too, whatever the stream replays
			load().catch(() => {});
		}
		if (liveBadge) {
			liveBadge.className = state === 'live' ? 'badge live' : 'badge';
			liveBadge.textContent = state === 'live' ? L('实时', 'Live') : L('重新连接中…', 'Reconnecting…');
		}
	});
	return { load, stop };
}
