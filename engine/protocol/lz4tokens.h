#pragma once

// The lz4 token stream (delta.md §5, rsync token.c send_compressed_token/
// recv_compressed_token): each DEFLATED_DATA chunk is an independent block.

#include "protocol/tokenstream.h"

namespace qrsync::protocol {

std::unique_ptr<TokenEncoder> makeLz4TokenEncoder();
std::unique_ptr<TokenDecoder> makeLz4TokenDecoder();

} // namespace qrsync::protocol
