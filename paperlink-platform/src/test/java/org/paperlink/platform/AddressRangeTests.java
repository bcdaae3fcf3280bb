package org.paperlink.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The trusted proxies' ranges, as an operator writes them in the rate-limit settings. */
class AddressRangeTests {

	@Test
	void anIpv4RangeHoldsItsAddressesOnly() {
		AddressRange pods = AddressRange.of("10.244.0.0/16");
		assertThat(pods.contains("10.244.3.17")).isTrue();
		assertThat(pods.contains("10.245.0.1")).isFalse();
		assertThat(AddressRange.of("192.168.1.128/25").contains("192.168.1.200")).isTrue();
		assertThat(AddressRange.of("192.168.1.128/25").contains("192.168.1.100")).isFalse();
	}

	@Test
	void oneAddressAndIpv6Work() {
		assertThat(AddressRange.of("127.0.0.1").contains("127.0.0.1")).isTrue();
		assertThat(AddressRange.of("127.0.0.1").contains("127.0.0.2")).isFalse();
		assertThat(AddressRange.of("::1/128").contains("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(AddressRange.of("fd00::/8").contains("fd12:3456::1")).isTrue();
		assertThat(AddressRange.of("fd00::/8").contains("10.0.0.1")).isFalse();
	}

	@Test
	void namesAndGarbageAreNeverInsideAndNeverLookedUp() {
		AddressRange all = AddressRange.of("0.0.0.0/0");
		assertThat(all.contains("ingress.example.cn")).isFalse();
		assertThat(all.contains("unknown")).isFalse();
		assertThat(all.contains("")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.of("10.0.0.0/33"));
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.of("ingress.example.cn/24"));
	}

}
