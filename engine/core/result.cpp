#include "result.h"

namespace qrsync {

QString Error::toString() const
{
    if (context.isEmpty())
        return message;
    return message + QStringLiteral(" (") + context + QLatin1Char(')');
}

} // namespace qrsync
