#pragma once

// Small helpers shared by the test suites.

#include <QByteArray>
#include <QString>
#include <QTest>

namespace qrsync::test {

// "81 ff 23" -> bytes. Whitespace between bytes is optional.
QByteArray fromHex(const char* spaced);

// Bytes as "81 ff 23", for failure messages.
QString toHex(const QByteArray& bytes);

// Reads a file under tests/data/ (QFAIL-friendly: empty when missing).
QByteArray readTestData(const QString& relativePath);

} // namespace qrsync::test

// QVERIFY for a qrsync::Result: prints the error text on failure.
#define QVERIFY_RESULT(expr)                                                                       \
    do {                                                                                           \
        const auto& qrsyncResult_ = (expr);                                                        \
        if (!qrsyncResult_)                                                                        \
            QFAIL(                                                                                 \
                qPrintable(QStringLiteral(#expr " failed: ") + qrsyncResult_.error().toString())); \
    } while (false)
