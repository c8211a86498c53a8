#pragma once

// What rsync does to text before it reaches a terminal (log.c
// filtered_fwrite): bytes that could confuse the reader are written as
// "\#ooo" (octal). Control characters other than tab always are, and so is
// a backslash that would otherwise read as such an escape. In a UTF-8
// locale valid multibyte characters pass through (stock converts through
// iconv), invalid bytes are escaped; in any other locale every byte that
// isprint() rejects is.

#include <QByteArray>
#include <QByteArrayView>

namespace qrsync::session {

QByteArray escapeForTerminal(QByteArrayView text, bool utf8Locale);

// True when the current LC_CTYPE uses UTF-8 (call after setlocale()).
bool localeIsUtf8();

} // namespace qrsync::session
