// The console talks to the same JSON API as any client: bearer tokens, problem+json errors.
// The session lives in sessionStorage, so each browser tab signs in on its own.
import { lang, L } from './i18n.js';

const SESSION_KEY = 'paperlink.session';

/** An answer that is not 2xx, with its problem (title, detail, errors by field). */
export class ApiError extends Error {
	constructor(status, problem) {
		super(problem.detail || problem.title || `HTTP ${status}`);
		this.status = status;
		this.problem = problem;
	}
}

let settingsPromise;

function settings() {
	settingsPromise ??= fetch('/api/v1/console/settings', { headers: { 'Accept-Language': lang } })
		.then((response) => (response.ok ? response.json() : { notificationUrl: '' }))
		.catch(() => ({ notificationUrl: '' }));
	return settingsPromise;
}

async function baseUrl(service) {
	return service === 'notification' ? (await settings()).notificationUrl || '' : '';
}

function claimsOf(token) {
	const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
	const json = decodeURIComponent(atob(payload).split('').map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
	return JSON.parse(json);
}

export const session = {
	get() {
		const stored = sessionStorage.getItem(SESSION_KEY);
		return stored ? JSON.parse(stored) : null;
	},
	save(tokens) {
		const claims = claimsOf(tokens.access_token);
		const value = {
			access: tokens.access_token,
			refresh: tokens.refresh_token,
			username: claims.sub,
			roles: claims.roles || [],
			memberId: claims.member_id || null,
			// an initial password: its token may do nothing but change it
			mustChangePassword: claims.pwd_change === true,
		};
		sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
		return value;
	},
	clear() {
		sessionStorage.removeItem(SESSION_KEY);
	},
};

/** The page each role starts on. */
export function homeOf(current) {
	if (current.roles.includes('PARTY_COMMITTEE')) {
		return 'party.html';
	}
	if (current.roles.includes('SECRETARIAT')) {
		return 'secretariat.html';
	}
	// an administrator works through the API (Swagger UI); the overview is its page here
	return current.roles.includes('MEMBER') ? 'member.html' : 'index.html';
}

async function problemOf(response) {
	try {
		return await response.json();
	}
	catch {
		return { title: L('请求失败', 'The request failed'), detail: `HTTP ${response.status}` };
	}
}

async function refresh() {
	const current = session.get();
	if (!current?.refresh) {
		return false;
	}
	const response = await fetch('/api/v1/auth/refresh', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Accept-Language': lang },
		body: JSON.stringify({ refresh_token: current.refresh }),
	});
	if (!response.ok) {
		return false;
	}
	session.save(await response.json());
	return true;
}

let refreshing = null;

/**
 * Renews the session once for all the requests that found it expired: a refresh token is
 * single-use, so parallel refreshes would all but one fail and sign the user out. A request
 * whose token was already replaced meanwhile just tries again.
 */
function renewed(usedAccess) {
	if (session.get()?.access !== usedAccess) {
		return Promise.resolve(session.get() !== null);
	}
	refreshing ??= refresh().finally(() => {
		refreshing = null;
	});
	return refreshing;
}

/**
 * Calls the API. options: method, json (a body to send as JSON), form (FormData), blob (true
 * for a download). Throws ApiError for a problem; signs out and goes to the login page when
 * the session cannot be renewed.
 */
export async function api(service, path, options = {}, retried = false) {
	const headers = { 'Accept-Language': lang };
	const current = session.get();
	if (current) {
		headers.Authorization = `Bearer ${current.access}`;
	}
	let body;
	if (options.json !== undefined) {
		headers['Content-Type'] = 'application/json';
		body = JSON.stringify(options.json);
	}
	else if (options.form) {
		body = options.form;
	}
	let response;
	try {
		response = await fetch((await baseUrl(service)) + path, { method: options.method || (body ? 'POST' : 'GET'), headers, body });
	}
	catch {
		throw new ApiError(0, { title: L('无法连接服务器', 'Cannot reach the server'), detail: L('请检查网络后重试。', 'Check the connection and try again.') });
	}
	if (response.status === 401 && current && !retried) {
		if (await renewed(current.access)) {
			return api(service, path, options, true);
		}
		session.clear();
		location.href = 'login.html?expired=1';
	}
	if (!response.ok) {
		throw new ApiError(response.status, await problemOf(response));
	}
	if (options.blob) {
		return { blob: await response.blob(), fileName: fileNameOf(response) };
	}
	return response.status === 204 ? null : response.json();
}

function fileNameOf(response) {
	const disposition = response.headers.get('Content-Disposition') || '';
	const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
	return encoded ? decodeURIComponent(encoded[1]) : 'paperlink.xlsx';
}

export async function signIn(username, password) {
	// a token still held (revoked by a password change, say) must not go along: the API
	// checks any bearer token it is sent, even for signing in
	session.clear();
	const tokens = await api('alliance', '/api/v1/auth/token', { json: { username, password } });
	return session.save(tokens);
}

/**
 * Signs out on the server too: the refresh token, and every one of the same sign-in,
 * stops working. The session is forgotten here even if the server cannot be reached.
 */
export async function signOut() {
	const current = session.get();
	session.clear();
	if (current?.refresh) {
		try {
			await fetch('/api/v1/auth/logout', {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'Accept-Language': lang },
				body: JSON.stringify({ refresh_token: current.refresh }),
			});
		}
		catch {
			// offline: the refresh token runs out by itself
		}
	}
}

/**
 * Follows a server-sent event stream with the bearer token (EventSource cannot send one),
 * reconnecting with Last-Event-ID after a drop. onEvent(name, data); onState('live'|'retrying'),
 * 'live' on every (re)connection.
 */
export function follow(service, path, onEvent, onState = () => {}) {
	let lastEventId = null;
	let stopped = false;
	const controller = new AbortController();
	async function connect(attempt) {
		while (!stopped) {
			try {
				const current = session.get();
				const headers = { Accept: 'text/event-stream', 'Accept-Language': lang, Authorization: `Bearer ${current.access}` };
				if (lastEventId) {
					headers['Last-Event-ID'] = lastEventId;
				}
				const response = await fetch((await baseUrl(service)) + path, { headers, signal: controller.signal });
				if (response.status === 401 && await renewed(current.access)) {
					continue;
				}
				if (!response.ok) {
					throw new Error(`HTTP ${response.status}`);
				}
				onState('live');
				attempt = 0;
				await read(response.body, (id, name, data) => {
					if (id) {
						lastEventId = id;
					}
					if (data !== null) {
						onEvent(name, data);
					}
				});
			}
			catch (error) {
				if (stopped) {
					return;
				}
			}
			onState('retrying');
			attempt++;
			await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5))));
		}
	}
	connect(0);
	return () => {
		stopped = true;
		controller.abort();
	};
}

async function read(stream, dispatch) {
	const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	let id = null;
	let name = 'message';
	let data = [];
	for (;;) {
		const { value, done } = await reader.read();
		if (done) {
			return;
		}
		buffer += value;
		let newline;
		while ((newline = buffer.indexOf('\n')) >= 0) {
			const line = buffer.slice(0, newline).replace(/\r$/, '');
			buffer = buffer.slice(newline + 1);
			if (line === '') {
				// an event without data still moves the place to resume from (the stream's
				// opening comment carries it)
				if (data.length || id) {
					dispatch(id, name, data.length ? JSON.parse(data.join('\n')) : null);
				}
				id = null;
				name = 'message';
				data = [];
			}
			else if (line.startsWith('data:')) {
				data.push(line.slice(5).replace(/^ /, ''));
			}
			else if (line.startsWith('event:')) {
				name = line.slice(6).trim();
			}
			else if (line.startsWith('id:')) {
				id = line.slice(3).trim();
			}
		}
	}
}
