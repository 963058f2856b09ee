package io.odoobackup.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odoobackup.platform.StartupRefused;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "0.1.2.3", "::", "169.254.169.254", "fe80::1",
            "224.0.0.1", "ff02::1", "255.255.255.255", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1",
            "2002:a9fe:a9fe::1", "fd00:ec2::254", "100.100.100.200", "localhost"})
    void internalAddressesAreRefused(String host) {
        assertThatThrownBy(() -> new Egress("").resolve(host)).isInstanceOf(Egress.Refused.class)
                .hasMessageContaining("BACKUP_STORAGE_ALLOWED_NETWORKS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "10.1.2.3", "192.168.1.10", "172.16.0.1", "2001:db8::1", "fd12:3456::1"})
    void ordinaryAndPrivateNetworkAddressesPass(String host) throws Exception {
        assertThat(new Egress("").resolve(host)).isNotEmpty();
    }

    @Test
    void allowedNetworksOpenExactlyWhatTheyList() throws Exception {
        Egress egress = new Egress(" 127.0.0.1/32 , fe80::/10");
        assertThat(egress.resolve("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(egress.resolve("fe80::7")).isNotEmpty();
        assertThatThrownBy(() -> egress.resolve("127.0.0.2")).isInstanceOf(Egress.Refused.class).hasMessageContaining("127.0.0.2, a loopback");
        assertThatThrownBy(() -> egress.resolve("169.254.169.254")).isInstanceOf(Egress.Refused.class).hasMessageContaining("link-local");
    }

    @Test
    void everyAddressOfThisMachinesInterfacesIsRefusedUnlessAllowed() throws Exception {
        List<InetAddress> own = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                own.add(InetAddress.getByAddress(address.getAddress()));
            }
        }
        assertThat(own).anyMatch(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress());
        for (InetAddress address : own) {
            assertThatThrownBy(() -> new Egress("").resolve(address.getHostAddress())).isInstanceOf(Egress.Refused.class);
            String cidr = address.getHostAddress() + (address.getAddress().length == 4 ? "/32" : "/128");
            if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                assertThatThrownBy(() -> new Egress("").resolve(address.getHostAddress())).hasMessageContaining("own network interfaces");
                assertThat(new Egress(cidr).resolve(address.getHostAddress())).containsExactly(address);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "nonsense", "example.com/8", "1.2.3.4/-1"})
    void aWrongAllowedNetworkStopsTheStart(String cidr) {
        assertThatThrownBy(() -> new Egress(cidr)).isInstanceOf(StartupRefused.class).hasMessageContaining("BACKUP_STORAGE_ALLOWED_NETWORKS");
    }
}
