import { homeOf, session, signIn } from '../api.js';
import { L } from '../i18n.js';
import { $, banner, onSubmit, page } from '../ui.js';

page();
const form = $('#login');
if (new URLSearchParams(location.search).has('expired')) {
	banner(form.querySelector('.banner'), 'error', L('登录已过期，请重新登录。', 'Your session ended; please sign in again.'));
}
const current = session.get();
if (current) {
	location.replace(homeOf(current));
}
onSubmit(form, async ({ username, password }) => {
	const signedIn = await signIn(username ?? '', password ?? '');
	location.href = homeOf(signedIn);
});
$('#username').focus();
