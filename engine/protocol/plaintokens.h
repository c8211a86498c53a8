#pragma once

// The uncompressed token stream (delta.md §4, rsync token.c
// simple_send_token/simple_recv_token): int32 n > 0 and n literal bytes,
// n < 0 for block -(n+1), 0 for the end.

#include "protocol/tokenstream.h"

namespace qrsync::protocol {

std::unique_ptr<TokenEncoder> makePlainTokenEncoder();
std::unique_ptr<TokenDecoder> makePlainTokenDecoder();

} // namespace qrsync::protocol
