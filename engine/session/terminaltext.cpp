#include "session/terminaltext.h"

#include <langinfo.h>

#include <cstring>

namespace qrsync::session {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Length of a valid UTF-8 sequence starting at p (0 if invalid).
int utf8Length(const unsigned char* p, qsizetype left)
{
    const unsigned char c = p[0];
    int n = 0;
    unsigned min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    unsigned value = c & (0xFF >> (n + 1));
    for (int i = 1; i < n; ++i) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (p[i] & 0x3F);
    }
    if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    // C1 controls encoded in UTF-8 are still controls.
    if (value >= 0x80 && value <= 0x9F)
        return 0;
    return n;
}

void appendEscaped(QByteArray& out, unsigned char c)
{
    char buf[6];
    std::snprintf(buf, sizeof buf, "\\#%03o", c);
    out.append(buf, 5);
}

} // namespace

QByteArray escapeForTerminal(QByteArrayView text, bool utf8Locale)
{
    QByteArray out;
    out.reserve(text.size());
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = p[i];
        const bool looksEscaped = c == '\\' && i + 4 < n && p[i + 1] == '#' &&
                                  isDigit(char(p[i + 2])) && isDigit(char(p[i + 3])) &&
                                  isDigit(char(p[i + 4]));
        if (looksEscaped || (c < ' ' && c != '\t') || c == 0x7F) {
            appendEscaped(out, c);
            ++i;
            continue;
        }
        if (c < 0x80) {
            out.append(char(c));
            ++i;
            continue;
        }
        const int len = utf8Locale ? utf8Length(p + i, n - i) : 0;
        if (len == 0) {
            appendEscaped(out, c);
            ++i;
            continue;
        }
        out.append(reinterpret_cast<const char*>(p + i), len);
        i += len;
    }
    return out;
}

bool localeIsUtf8()
{
    const char* codeset = nl_langinfo(CODESET);
    return codeset && (std::strcmp(codeset, "UTF-8") == 0 || std::strcmp(codeset, "utf8") == 0);
}

} // namespace qrsync::session
