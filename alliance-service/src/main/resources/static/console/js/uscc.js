// The check character of a unified social credit code (GB 32100-2015), checked in the browser
// so that a mistyped code is explained before the form is sent. The server checks it again.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// GB 32100-2015: each registration authority (1st character) and the kinds it registers (2nd)
const KINDS = { 1: '1239', 2: '19', 3: '1234569', 4: '19', 5: '1239', 6: '129', 7: '129', 8: '19', 9: '123', A: '19', N: '1239', Y: '1' };

/** null when valid; otherwise 'format', 'authority', or the expected check character. */
export function usccProblem(raw) {
	const code = (raw || '').trim().toUpperCase();
	if (code.length !== 18 || [...code].some((character) => !ALPHABET.includes(character))) {
		return { kind: 'format' };
	}
	if (!(KINDS[code[0]] || '').includes(code[1]) || !/^[0-9]{6}$/.test(code.slice(2, 8))) {
		return { kind: 'authority' };
	}
	let sum = 0;
	for (let index = 0; index < 17; index++) {
		sum += ALPHABET.indexOf(code[index]) * WEIGHTS[index];
	}
	const expected = ALPHABET[(31 - (sum % 31)) % 31];
	return expected === code[17] ? null : { kind: 'check', expected };
}
