#pragma once

// The zstd token stream (delta.md §5, rsync token.c send_zstd_token/
// recv_zstd_token): one compression stream for the whole session.

#include "protocol/tokenstream.h"

namespace qrsync::protocol {

std::unique_ptr<TokenEncoder> makeZstdTokenEncoder(int level);
std::unique_ptr<TokenDecoder> makeZstdTokenDecoder();

} // namespace qrsync::protocol
