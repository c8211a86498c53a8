#include "exitcode.h"

namespace qrsync {

const char* exitCodeText(ExitCode code)
{
    switch (code) {
    case ExitCode::Ok:
        return "success";
    case ExitCode::Syntax:
        return "syntax or usage error";
    case ExitCode::Protocol:
        return "protocol incompatibility";
    case ExitCode::FileSelect:
        return "errors selecting input/output files, dirs";
    case ExitCode::Unsupported:
        return "requested action not supported";
    case ExitCode::StartClient:
        return "error starting client-server protocol";
    case ExitCode::SocketIo:
        return "error in socket IO";
    case ExitCode::FileIo:
        return "error in file IO";
    case ExitCode::StreamIo:
        return "error in rsync protocol data stream";
    case ExitCode::MessageIo:
        return "errors with program diagnostics";
    case ExitCode::Ipc:
        return "error in IPC code";
    case ExitCode::Crashed:
        return "sibling process crashed";
    case ExitCode::Terminated:
        return "sibling process terminated abnormally";
    case ExitCode::Signal1:
        return "received SIGUSR1";
    case ExitCode::Signal:
        return "received SIGINT, SIGTERM, or SIGHUP";
    case ExitCode::WaitChild:
        return "waitpid() failed";
    case ExitCode::Malloc:
        return "error allocating core memory buffers";
    case ExitCode::Partial:
        return "some files/attrs were not transferred (see previous errors)";
    case ExitCode::Vanished:
        return "some files vanished before they could be transferred";
    case ExitCode::DelLimit:
        return "the --max-delete limit stopped deletions";
    case ExitCode::Timeout:
        return "timeout in data send/receive";
    case ExitCode::ConTimeout:
        return "timeout waiting for daemon connection";
    case ExitCode::CmdFailed:
        return "remote shell failed";
    case ExitCode::CmdKilled:
        return "remote shell killed";
    case ExitCode::CmdRun:
        return "remote command could not be run";
    case ExitCode::CmdNotFound:
        return "remote command not found";
    }
    return "unexplained error";
}

} // namespace qrsync
