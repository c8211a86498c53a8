#include "protocol/tokenstream.h"

#include "protocol/lz4tokens.h"
#include "protocol/plaintokens.h"
#include "protocol/zlibtokens.h"
#include "protocol/zstdtokens.h"

namespace qrsync::protocol {

TokenEncoder::~TokenEncoder() = default;
TokenDecoder::~TokenDecoder() = default;

std::unique_ptr<TokenEncoder> makeTokenEncoder(CompressionType type, int level, int protocol)
{
    switch (type) {
    case CompressionType::None:
        return makePlainTokenEncoder();
    case CompressionType::Zlib:
        return makeZlibTokenEncoder(true, level, protocol);
    case CompressionType::ZlibX:
        return makeZlibTokenEncoder(false, level, protocol);
    case CompressionType::Zstd:
        return makeZstdTokenEncoder(level);
    case CompressionType::Lz4:
        return makeLz4TokenEncoder();
    }
    Q_UNREACHABLE();
    return nullptr;
}

std::unique_ptr<TokenDecoder> makeTokenDecoder(CompressionType type, int protocol)
{
    switch (type) {
    case CompressionType::None:
        return makePlainTokenDecoder();
    case CompressionType::Zlib:
        return makeZlibTokenDecoder(true, protocol);
    case CompressionType::ZlibX:
        return makeZlibTokenDecoder(false, protocol);
    case CompressionType::Zstd:
        return makeZstdTokenDecoder();
    case CompressionType::Lz4:
        return makeLz4TokenDecoder();
    }
    Q_UNREACHABLE();
    return nullptr;
}

} // namespace qrsync::protocol
