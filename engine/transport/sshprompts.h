#pragma once

// The built-in SSH client's questions answered without a GUI (the CLI and
// headless profile runs):
//
// - an unknown host key is accepted only when the user said so up front
//   (--ssh-accept-new); OpenSSH's "Permanently added" warning follows;
// - passphrases and passwords come from the program named by SSH_ASKPASS
//   (run with the prompt as its argument; its first output line is the
//   answer), as OpenSSH does, unless SSH_ASKPASS_REQUIRE=never; without it,
//   from the terminal (/dev/tty, not echoed) when there is one; otherwise
//   there is no answer and that key or method is skipped.

#include "transport/sshtarget.h"

namespace qrsync::transport {

SshPrompts nonInteractiveSshPrompts(bool acceptNewHostKeys);

} // namespace qrsync::transport
