#pragma once

// zlib and zlibx token streams (delta.md §5, rsync token.c
// send_deflated_token/recv_deflated_token/see_deflate_token).

#include "protocol/tokenstream.h"

namespace qrsync::protocol {

// addMatchedBlocks: true for zlib (matched blocks join the history on both
// sides), false for zlibx.
std::unique_ptr<TokenEncoder> makeZlibTokenEncoder(bool addMatchedBlocks, int level, int protocol);
std::unique_ptr<TokenDecoder> makeZlibTokenDecoder(bool addMatchedBlocks, int protocol);

} // namespace qrsync::protocol
