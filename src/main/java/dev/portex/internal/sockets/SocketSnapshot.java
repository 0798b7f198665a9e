package dev.portex.internal.sockets;

/**
 * One line of {@code /proc/net/tcp} or {@code /proc/net/tcp6}, decoded.
 *
 * @param slot          the {@code sl} column (the kernel's line number)
 * @param localAddress  local IP as text: {@code 172.18.0.4}, {@code ::1}, {@code ::ffff:172.18.0.4}
 * @param localPort     local port
 * @param remoteAddress remote IP as text ({@code 0.0.0.0} / {@code ::} for a listener)
 * @param remotePort    remote port (0 for a listener)
 * @param state         state name: {@code ESTABLISHED}, {@code TIME_WAIT}, ..., or {@code UNKNOWN_XX}
 * @param stateCode     the {@code st} column as a number (0x06 for TIME_WAIT)
 * @param ipv6          whether the line came from a tcp6 table (32 hex digit addresses)
 * @param uid           owner uid, or -1 if the line has no such column
 * @param inode         socket inode (0 for TIME_WAIT), or -1 if the line has no such column
 */
public record SocketSnapshot(
        int slot,
        String localAddress,
        int localPort,
        String remoteAddress,
        int remotePort,
        String state,
        int stateCode,
        boolean ipv6,
        long uid,
        long inode) {

    /** {@code ip:port}, with IPv6 in brackets: {@code 172.18.0.4:40000}, {@code [::1]:9200}. */
    public String localEndpoint() {
        return endpoint(localAddress, localPort);
    }

    /** {@code ip:port}, with IPv6 in brackets: {@code 172.18.0.3:8080}, {@code [::ffff:172.18.0.3]:8080}. */
    public String remoteEndpoint() {
        return endpoint(remoteAddress, remotePort);
    }

    public boolean listening() {
        return stateCode == TcpSocketTable.LISTEN;
    }

    static String endpoint(String address, int port) {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}
