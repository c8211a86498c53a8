#pragma once

// rsync's exit codes (errcode.h, RERR_*), so that scripts wrapping rsync can
// wrap qrsync unchanged. Values are part of the user interface: never renumber.

namespace qrsync {

enum class ExitCode : int
{
    Ok = 0,
    Syntax = 1,        // RERR_SYNTAX: syntax or usage error
    Protocol = 2,      // RERR_PROTOCOL: protocol incompatibility
    FileSelect = 3,    // RERR_FILESELECT: errors selecting input/output files, dirs
    Unsupported = 4,   // RERR_UNSUPPORTED: requested action not supported
    StartClient = 5,   // RERR_STARTCLIENT: error starting client-server protocol
    SocketIo = 10,     // RERR_SOCKETIO
    FileIo = 11,       // RERR_FILEIO
    StreamIo = 12,     // RERR_STREAMIO: error in rsync protocol data stream
    MessageIo = 13,    // RERR_MESSAGEIO
    Ipc = 14,          // RERR_IPC
    Crashed = 15,      // RERR_CRASHED
    Terminated = 16,   // RERR_TERMINATED
    Signal1 = 19,      // RERR_SIGNAL1: SIGUSR1
    Signal = 20,       // RERR_SIGNAL: SIGINT, SIGTERM, SIGHUP
    WaitChild = 21,    // RERR_WAITCHILD
    Malloc = 22,       // RERR_MALLOC
    Partial = 23,      // RERR_PARTIAL: some files/attrs were not transferred
    Vanished = 24,     // RERR_VANISHED: some source files vanished
    DelLimit = 25,     // RERR_DEL_LIMIT: --max-delete limit stopped deletions
    Timeout = 30,      // RERR_TIMEOUT: timeout in data send/receive
    ConTimeout = 35,   // RERR_CONTIMEOUT: timeout waiting for daemon connection
    CmdFailed = 124,   // remote shell exited 255
    CmdKilled = 125,   // remote shell killed
    CmdRun = 126,      // remote command could not be run
    CmdNotFound = 127, // remote command not found
};

// The text rsync prints after "rsync error: " for a code (log.c, rerr_names).
const char* exitCodeText(ExitCode code);

} // namespace qrsync
