package org.paperlink.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}),
 * or one address. Only literal addresses are parsed, so nothing here ever asks DNS.
 */
record AddressRange(byte[] network, int prefixBits) {

	private static final Pattern LITERAL = Pattern
		.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

	/**
	 * @throws IllegalArgumentException when the range is not a literal address with an
	 * optional prefix length that fits it
	 */
	static AddressRange of(String cidr) {
		String[] parts = cidr.strip().split("/", 2);
		byte[] network = literal(parts[0])
			.orElseThrow(() -> new IllegalArgumentException("Not an address range: " + cidr))
			.getAddress();
		int prefix;
		try {
			prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : network.length * 8;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not an address range: " + cidr);
		}
		if (prefix < 0 || prefix > network.length * 8) {
			throw new IllegalArgumentException("Not an address range: " + cidr);
		}
		return new AddressRange(network, prefix);
	}

	/** Whether the address is a literal inside this range; false for anything else. */
	boolean contains(String address) {
		return literal(address).map(InetAddress::getAddress).filter(this::contains).isPresent();
	}

	private boolean contains(byte[] address) {
		if (address.length != this.network.length) {
			return false;
		}
		int whole = this.prefixBits / 8;
		for (int i = 0; i < whole; i++) {
			if (address[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixBits % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (address[whole] & mask) == (this.network[whole] & mask);
	}

	private static Optional<InetAddress> literal(String address) {
		if (address == null || !LITERAL.matcher(address.strip()).matches()) {
			return Optional.empty();
		}
		try {
			return Optional.of(InetAddress.getByName(address.strip()));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

}
