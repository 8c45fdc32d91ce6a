package org.sovereignpool.loadtest;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The socket transport of the load client: Linux epoll when its native library loads, NIO otherwise. */
enum Transport {
    AUTO,
    EPOLL,
    NIO;

    /** The transport to use: {@link #AUTO} resolves to epoll when available; asking for epoll where it is not fails. */
    Transport resolve() {
        return switch (this) {
            case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw LoadtestException.option("--transport epoll: the epoll transport is not available here ("
                            + Epoll.unavailabilityCause() + "); use --transport nio");
                }
                yield EPOLL;
            }
            case NIO -> NIO;
        };
    }

    EventLoopGroup newGroup(int threads) {
        var factory = new DefaultThreadFactory("loadtest", true);
        return switch (resolve()) {
            case EPOLL -> new MultiThreadIoEventLoopGroup(threads, factory, EpollIoHandler.newFactory());
            default -> new MultiThreadIoEventLoopGroup(threads, factory, NioIoHandler.newFactory());
        };
    }

    Class<? extends SocketChannel> channelClass() {
        return resolve() == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
