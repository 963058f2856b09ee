package io.odoobackup.storage;

import io.odoobackup.platform.StartupRefused;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a tenant's storage endpoint may point (docs/api.md §7): never at this machine (loopback, or any address of
 * its own interfaces), a link-local address (cloud metadata among them), an unspecified or a multicast address,
 * unless the operator lists the address in BACKUP_STORAGE_ALLOWED_NETWORKS. Checked when a configuration is saved
 * and again on every connection, with the addresses the connection then uses, so a name that later resolves
 * elsewhere gains nothing.
 */
public final class Egress {

    /** Metadata services that sit outside the link-local range. */
    private static final Set<String> METADATA = Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200", "168.63.129.16");

    /** How long the host's own addresses are taken as read: interfaces come and go (a VPN, a container network). */
    private static final long OWN_ADDRESSES_MS = 5_000;

    private final List<Cidr> allowed;
    private volatile Set<InetAddress> own = Set.of();
    private volatile long ownReadAt;

    public Egress(String allowedNetworks) {
        List<Cidr> list = new ArrayList<>();
        for (String cidr : allowedNetworks == null ? new String[0] : allowedNetworks.split(",")) {
            if (!cidr.isBlank()) {
                list.add(Cidr.parse(cidr.strip()));
            }
        }
        this.allowed = List.copyOf(list);
        ownAddresses();
    }

    /** The host's addresses, every one of them allowed; else {@link Refused} naming the first that is not. */
    public InetAddress[] resolve(String host) throws UnknownHostException, Refused {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            String kind = forbidden(address);
            if (kind == null && ownAddresses().contains(address)) {
                kind = "an address of this machine's own network interfaces";
            }
            if (kind != null && allowed.stream().noneMatch(c -> c.contains(address))) {
                throw new Refused(host, address, kind);
            }
        }
        return addresses;
    }

    /**
     * Every address of this machine's interfaces, up or down (the service's own ports and every local server listen
     * on them), read again once the last reading is a few seconds old.
     */
    private Set<InetAddress> ownAddresses() {
        long now = System.currentTimeMillis();
        if (now - ownReadAt < OWN_ADDRESSES_MS) {
            return own;
        }
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces(); all != null && all.hasMoreElements(); ) {
                for (Enumeration<InetAddress> mine = all.nextElement().getInetAddresses(); mine.hasMoreElements(); ) {
                    InetAddress address = mine.nextElement();
                    // an IPv6 address as the interface lists it carries its scope; as a name resolves it, none
                    addresses.add(InetAddress.getByAddress(address.getAddress()));
                }
            }
        } catch (IOException unreadable) {
            return own; // the last reading stands
        }
        own = Set.copyOf(addresses);
        ownReadAt = now;
        return own;
    }

    /** What makes the address off limits ("a loopback address"), or null when it is an ordinary one. */
    static String forbidden(InetAddress address) {
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) {
            return forbidden(embedded);
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && address.getAddress()[0] == 0)) {
            return "an unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (where cloud metadata services answer)";
        }
        if (address.isMulticastAddress() || address.getHostAddress().equals("255.255.255.255")) {
            return "a multicast or broadcast address";
        }
        if (METADATA.contains(address.getHostAddress())) {
            return "a cloud metadata service";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        try {
            if (Arrays.equals(Arrays.copyOf(b, 12), new byte[12]) && !address.isLoopbackAddress() && !address.isAnyLocalAddress()) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            }
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 2, 6));
            }
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return null;
    }

    /** A storage endpoint that resolves to an address tenants may not reach. */
    public static final class Refused extends UnknownHostException {

        public Refused(String host, InetAddress address, String kind) {
            super(host + " resolves to " + address.getHostAddress() + ", " + kind + ": storage may not point at this"
                    + " machine or its internal services (an operator may allow it in BACKUP_STORAGE_ALLOWED_NETWORKS)");
        }
    }

    /** One allowed network, e.g. 127.0.0.1/32 or fd00::/8. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            try {
                byte[] network = InetAddress.getByName(parts[0]).getAddress();
                int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
                if (!parts[0].matches("[0-9A-Fa-f.:]+") || bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException();
                }
                return new Cidr(network, bits);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new StartupRefused("BACKUP_STORAGE_ALLOWED_NETWORKS: '" + text
                        + "' is not a network such as 10.0.0.0/8 or 127.0.0.1/32");
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
