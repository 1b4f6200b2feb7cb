package io.comention.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Port checks for the commands that start a broker, a dashboard or a REST endpoint on this machine. */
final class Ports {

    private Ports() {}

    /** Whether nothing listens on {@code port} of the loopback address. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Stops the command with a message naming {@code option} when {@code port} is out of range or taken;
     * {@code fix} ends the message ("choose another with --kafka-port").
     */
    static void requireFree(int port, String option, String fix) {
        if (port < 0 || port > 65535) {
            throw new ComentionCli.UserError(option + " must be between 0 and 65535, was " + port);
        }
        if (!isFree(port)) {
            throw new ComentionCli.UserError("port " + port + " is in use; " + fix);
        }
    }

    /** A port that was free a moment ago, for a child that must be told its port up front. */
    static int anyFree() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
