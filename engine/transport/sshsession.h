#pragma once

// One libssh client session carrying one exec channel: connect, verify the
// host key against known_hosts, authenticate (ssh-agent, key files, a
// password), open a session channel and run the command. The same steps
// serve both modes of the ssh async path: with a blocking session each
// call finishes its step; with a non-blocking one a call may answer
// Again, to be repeated when the socket is ready (SshChannel drives it).
// libssh appears only in the .cpp.

#include "core/result.h"
#include "transport/sshtarget.h"

#include <QByteArray>

#include <memory>
#include <optional>

namespace qrsync::transport {

class SshSession
{
public:
    enum class Step
    {
        Again, // call again when the socket is ready
        Done,
        Failed, // error() says why
    };

    SshSession(SshTarget target, SshPrompts prompts, bool blocking);
    ~SshSession();
    SshSession(const SshSession&) = delete;
    SshSession& operator=(const SshSession&) = delete;

    // Connect, host key, authentication, channel, exec: Done once the
    // remote command runs.
    Step advanceHandshake();
    bool connecting() const; // still in the TCP/key-exchange step
    int socketFd() const;    // -1 before the connection starts
    bool wantsWrite() const; // libssh holds output the socket did not take
    // How long a blocking session's calls may wait (after the handshake,
    // whose limit is --contimeout).
    void setBlockingTimeout(int seconds);

    // The data phase. read(): bytes > 0, 0 when nothing is there now, -1
    // at the remote's end of output, -2 when the connection failed.
    qint64 read(char* data, qint64 size, bool stderrStream = false);
    // Bytes the remote will take now (its window).
    qint64 writable() const;
    // Queues size <= writable() bytes; false when the connection failed.
    bool write(const char* data, qint64 size);
    bool sendEof();
    bool channelClosed() const;
    std::optional<int> exitStatus() const;
    // After the remote's EOF: take in its exit status and channel close.
    void processPackets();

    // The failure, worded as OpenSSH words it where it has a word for it.
    const std::optional<Error>& error() const;
    // The failure is an unknown host key that the prompt did not accept.
    bool unknownHostRefused() const;
    // Where the key checks look (after ~/.ssh/config and overrides).
    QString knownHostsFile() const;
    // Records a connection-level failure seen by the caller (the session
    // dropped while moving data).
    void failConnectionLost();
    // The caller's --contimeout passed before the handshake finished.
    void failConnectTimeout();

private:
    struct Private;
    const std::unique_ptr<Private> d;
};

} // namespace qrsync::transport
