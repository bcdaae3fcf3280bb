import { api, homeOf, session, signIn } from '../api.js';
import { L } from '../i18n.js';
import { $, fieldError, onSubmit, page } from '../ui.js';

// anyone signed in; the page the console sends an initial password's holder to
const current = page({ roles: ['MEMBER', 'SECRETARIAT', 'PARTY_COMMITTEE', 'ADMIN'] });
const form = $('#password-form');
$('#account-name').value = current.username;
$('#must-change').hidden = !current.mustChangePassword;

onSubmit(form, async ({ currentPassword, newPassword, confirmPassword }) => {
	if ((newPassword ?? '') !== (confirmPassword ?? '')) {
		fieldError(form, 'confirmPassword', L('两次输入的新密码不一致', 'The two new passwords differ'));
		throw Object.assign(new Error('confirmPassword'), { handled: true });
	}
	await api('alliance', '/api/v1/auth/password', { json: { currentPassword, newPassword } });
	// the change revoked every token of the account, this one too: sign in again with
	// the new password rather than send the person to the login page
	const signedIn = await signIn(current.username, newPassword);
	location.href = `${homeOf(signedIn)}?password-changed=1`;
});
$('#current-password').focus();
