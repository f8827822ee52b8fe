#ifndef IDGATE_COPENSSL_SHIM_H
#define IDGATE_COPENSSL_SHIM_H
// The low-level EC_POINT_* calls PACE's generic mapping needs are deprecated in
// OpenSSL 3 but present; silence the deprecation so the build stays warning-free.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/dh.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/obj_mac.h>
#include <openssl/opensslv.h>
#endif
