import { api } from '../api.js';
import { CATEGORIES, L, PILLARS } from '../i18n.js';
import { tonnesPerYear } from '../format.js';
import { usccProblem } from '../uscc.js';
import { $, checkboxes, clearErrors, fieldError, onSubmit, options, page } from '../ui.js';

page();

const form = $('#registration');
options($('#pillar'), PILLARS, { blank: L('请选择', 'Choose') });
checkboxes($('#produces'), 'produces', CATEGORIES);
checkboxes($('#consumes'), 'consumes', CATEGORIES);

// Explains a wrong check character as soon as the code is complete, before anything is sent.
function checkUscc() {
	const input = $('#uscc');
	const output = $('#uscc-error');
	input.removeAttribute('aria-invalid');
	output.textContent = '';
	const value = input.value.trim();
	if (value.length < 18) {
		return true;
	}
	const problem = usccProblem(value);
	if (!problem) {
		return true;
	}
	fieldError(form, 'uscc', problem.kind === 'check'
		? L(`校验位错误：按前 17 位计算，最后一位应为“${problem.expected}”，请核对营业执照`,
			`Wrong check character: from the first 17 characters the last should be "${problem.expected}"; check the licence`)
		: problem.kind === 'authority'
			? L('前 8 位不符合国家标准：第 1、2 位为登记管理部门和机构类别（企业为 91），第 3 至 8 位为行政区划代码',
				'The first 8 characters do not fit the standard: authority and kind first (91 for a company), then the 6-digit division code')
			: L('统一社会信用代码应为 18 位数字和大写字母（不含 I、O、S、V、Z）',
				'18 digits and capital letters (no I, O, S, V or Z)'));
	return false;
}
$('#uscc').addEventListener('input', checkUscc);
$('#uscc').addEventListener('blur', () => $('#uscc').value.trim() && ($('#uscc').value.trim().length < 18
	? fieldError(form, 'uscc', L('统一社会信用代码应为 18 位', 'The code has 18 characters')) : checkUscc()));
$('#annualCapacityTonnes').addEventListener('input', (event) => {
	const tonnes = Number(event.target.value);
	$('#capacity-hint').textContent = event.target.value && tonnes >= 0 ? `= ${tonnesPerYear(tonnes)}` : '';
});

onSubmit(form, async (values) => {
	if (!checkUscc()) {
		$('#uscc').focus();
		throw Object.assign(new Error('uscc'), { handled: true });
	}
	values.uscc = values.uscc?.toUpperCase() ?? null;
	const created = await api('alliance', '/api/v1/registrations', { json: values });
	form.reset();
	clearErrors(form);
	return L(`申请已提交（编号 ${created.id}），请等待联盟秘书处审核。审核通过后即可用该账号登录。`,
		`Application sent (number ${created.id}). The secretariat will review it; once approved, sign in with this account.`);
});
