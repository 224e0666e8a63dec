package io.certatlas.scan.target;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into its addresses; the plan asks once per name. */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String name) throws UnknownHostException;

    static HostResolver system() {
        return name -> List.of(InetAddress.getAllByName(name));
    }
}
