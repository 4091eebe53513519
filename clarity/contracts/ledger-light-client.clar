;; ledger-light-client: the FUN AI ledger's headers as seen by the inference chain.
;;
;; The system principal (the deployer) relays the 80-byte headers of the ledger's best chain. The
;; contract checks that each header links to a stored one and that its double SHA-256 is at or below
;; the target its compact `bits` encode, sums Bitcoin's chain work (2^256 / (target + 1)) and keeps
;; the heaviest chain as the canonical height -> hash index; a heavier branch replaces the tip (a
;; ledger reorg). Transactions are proven against a canonical block's Merkle root as Bitcoin SPV does.
;;
;; Hashes are in internal byte order (as hashed), the block header layout is Bitcoin's:
;; version:4 | prev:32 | merkle-root:32 | time:4 | bits:4 | nonce:4, integers little-endian.

(define-constant SYSTEM tx-sender)

(define-constant MAX-U128 u340282366920938463463374607431768211455)
(define-constant TWO-POW-127 u170141183460469231731687303715884105728)

(define-constant ERR-NOT-SYSTEM (err u100))
(define-constant ERR-ALREADY-INITIALIZED (err u101))
(define-constant ERR-NOT-INITIALIZED (err u102))
(define-constant ERR-BAD-HEADER-LENGTH (err u103))
(define-constant ERR-UNKNOWN-PARENT (err u104))
(define-constant ERR-BAD-TARGET (err u105))
(define-constant ERR-HIGH-HASH (err u106))
(define-constant ERR-REORG-TOO-DEEP (err u107))
(define-constant ERR-EMPTY-BATCH (err u108))
(define-constant ERR-BAD-HEIGHT (err u109))
(define-constant ERR-UNKNOWN-BLOCK (err u110))
(define-constant ERR-TX-64-BYTES (err u111))
(define-constant ERR-BAD-INDEX (err u112))
(define-constant ERR-BAD-PROOF (err u113))
(define-constant ERR-BAD-COINBASE-PROOF (err u114))
(define-constant ERR-BAD-DEPTH (err u115))

;; 128 steps: the bits of a chain-work quotient, and one round of re-pointing canonical heights.
;; Eight rounds of 128: a call re-points at most 1024 heights (MAX-REORG-DEPTH below the new tip).
(define-constant ROUNDS (list u0 u1 u2 u3 u4 u5 u6 u7))
(define-constant STEPS (list
  u0 u1 u2 u3 u4 u5 u6 u7 u8 u9 u10 u11 u12 u13 u14 u15 u16 u17 u18 u19 u20 u21 u22 u23 u24 u25
  u26 u27 u28 u29 u30 u31 u32 u33 u34 u35 u36 u37 u38 u39 u40 u41 u42 u43 u44 u45 u46 u47 u48 u49
  u50 u51 u52 u53 u54 u55 u56 u57 u58 u59 u60 u61 u62 u63 u64 u65 u66 u67 u68 u69 u70 u71 u72 u73
  u74 u75 u76 u77 u78 u79 u80 u81 u82 u83 u84 u85 u86 u87 u88 u89 u90 u91 u92 u93 u94 u95 u96 u97
  u98 u99 u100 u101 u102 u103 u104 u105 u106 u107 u108 u109 u110 u111 u112 u113 u114 u115 u116
  u117 u118 u119 u120 u121 u122 u123 u124 u125 u126 u127))

;; Every header ever accepted, on any branch; `work` is the chain work up to and including it.
(define-map headers
  (buff 32)
  {height: uint, work: uint, prev: (buff 32), merkle-root: (buff 32)})
;; The best chain: height -> block hash. Entries above the tip height are stale and never returned.
(define-map canonical uint (buff 32))

(define-data-var initialized bool false)
(define-data-var tip-hash (buff 32) 0x0000000000000000000000000000000000000000000000000000000000000000)
(define-data-var tip-height uint u0)
(define-data-var tip-work uint u0)

;; ---------------------------------------------------------------------------------------------
;; Header fields and proof of work

(define-private (field32 (h (buff 80)) (start uint))
  (unwrap-panic (as-max-len? (unwrap-panic (slice? h start (+ start u32))) u32)))

(define-private (le-u128 (b (buff 32)) (start uint))
  (buff-to-uint-le (unwrap-panic (as-max-len? (unwrap-panic (slice? b start (+ start u16))) u16))))

(define-private (header-bits (h (buff 80)))
  (buff-to-uint-le (unwrap-panic (as-max-len? (unwrap-panic (slice? h u72 u76)) u4))))

;; The target of compact `bits` as two 128-bit halves, or none when it is negative, zero, below 2^128
;; (its chain work would not fit 128 bits) or at least 2^255 (the division below needs one spare bit).
(define-private (decode-target (bits uint))
  (let (
      (size (bit-shift-right bits u24))
      (mantissa (bit-and bits u8388607))
    )
    (if (or (is-eq mantissa u0) (> (bit-and bits u8388608) u0) (< size u3))
      none
      (let ((shift (* u8 (- size u3))))
        (if (>= shift u128)
          (let ((k (- shift u128)))
            (if (>= k u127)
              none
              (let ((hi (bit-shift-left mantissa k)))
                ;; Shifted-out bits mean a target past 2^256; Bitcoin calls that an overflow.
                (if (or (not (is-eq (bit-shift-right hi k) mantissa)) (>= hi TWO-POW-127))
                  none
                  (some {hi: hi, lo: u0})))))
          (let (
              (hi (if (is-eq shift u0) u0 (bit-shift-right mantissa (- u128 shift))))
              (lo (bit-shift-left mantissa shift))
            )
            (if (is-eq hi u0) none (some {hi: hi, lo: lo}))))))))

;; One step of the binary long division 2^256 / d: double the remainder, subtract d when it fits.
(define-private (div-step (i uint) (st {rh: uint, rl: uint, q: uint, dh: uint, dl: uint}))
  (let (
      (dh (get dh st))
      (dl (get dl st))
      (rh (bit-or (bit-shift-left (get rh st) u1) (bit-shift-right (get rl st) u127)))
      (rl (bit-shift-left (get rl st) u1))
      (q (* (get q st) u2))
    )
    (if (or (> rh dh) (and (is-eq rh dh) (>= rl dl)))
      (if (>= rl dl)
        {rh: (- rh dh), rl: (- rl dl), q: (+ q u1), dh: dh, dl: dl}
        {rh: (- rh dh u1), rl: (+ rl (- MAX-U128 dl) u1), q: (+ q u1), dh: dh, dl: dl})
      {rh: rh, rl: rl, q: q, dh: dh, dl: dl})))

;; Bitcoin's GetBlockProof, 2^256 / (target + 1), exact. The target is in [2^128, 2^255), so the
;; divisor exceeds 2^128 (the first 129 dividend bits leave remainder 2^128) and the quotient fits.
(define-private (block-work (target {hi: uint, lo: uint}))
  (let (
      (dh (if (is-eq (get lo target) MAX-U128) (+ (get hi target) u1) (get hi target)))
      (dl (if (is-eq (get lo target) MAX-U128) u0 (+ (get lo target) u1)))
    )
    (get q (fold div-step STEPS {rh: u1, rl: u0, q: u0, dh: dh, dl: dl}))))

(define-private (hash-meets-target (hash (buff 32)) (target {hi: uint, lo: uint}))
  (let (
      (lo (le-u128 hash u0))
      (hi (le-u128 hash u16))
    )
    (or (< hi (get hi target)) (and (is-eq hi (get hi target)) (<= lo (get lo target))))))

;; The work a header with compact `bits` proves, none for bits the client refuses.
(define-read-only (get-block-work (bits uint))
  (match (decode-target bits)
    target (some (block-work target))
    none))

;; ---------------------------------------------------------------------------------------------
;; Accepting headers

(define-private (accept-header
    (h (buff 80))
    (acc (response {best-hash: (buff 32), best-work: uint} uint)))
  (match acc
    best
    (if (is-eq (len h) u80)
      (let (
          (hash (sha256 (sha256 h)))
          (prev (field32 h u4))
        )
        (match (map-get? headers hash)
          known
          ;; Already stored (part of a resubmitted branch): nothing to check again.
          (ok (if (> (get work known) (get best-work best))
            {best-hash: hash, best-work: (get work known)}
            best))
          (let (
              (parent (unwrap! (map-get? headers prev) ERR-UNKNOWN-PARENT))
              (target (unwrap! (decode-target (header-bits h)) ERR-BAD-TARGET))
              (work (+ (get work parent) (block-work target)))
            )
            (asserts! (hash-meets-target hash target) ERR-HIGH-HASH)
            (map-set headers hash
              {height: (+ (get height parent) u1), work: work, prev: prev, merkle-root: (field32 h u36)})
            (ok (if (> work (get best-work best)) {best-hash: hash, best-work: work} best)))))
      ERR-BAD-HEADER-LENGTH)
    err-code
    (err err-code)))

;; Walks down from a new tip, pointing each height at the new branch, until it meets a block that
;; is already canonical at a height no higher than the old tip (the fork point). Entries above the
;; old tip are stale (a shorter heavier branch left them behind) and never count as the fork point:
;; after A -> heavier shorter B -> A again, A's stale entries above B's tip match while the heights
;; between the fork and B's tip still point at B.
(define-private (repoint (i uint) (st {hash: (buff 32), done: bool, old-height: uint}))
  (if (get done st)
    st
    (let ((entry (unwrap-panic (map-get? headers (get hash st)))))
      (if (and (<= (get height entry) (get old-height st))
               (is-eq (map-get? canonical (get height entry)) (some (get hash st))))
        (merge st {done: true})
        (begin
          (map-set canonical (get height entry) (get hash st))
          (merge st {hash: (get prev entry), done: false}))))))

(define-private (repoint-128 (i uint) (st {hash: (buff 32), done: bool, old-height: uint}))
  (if (get done st) st (fold repoint STEPS st)))

;; The first header: a checkpoint (the ledger genesis at height 0, or a later block). Its proof of
;; work is checked like any other; its own block work starts the chain-work sum.
(define-public (initialize (header (buff 80)) (height uint))
  (begin
    (asserts! (is-eq contract-caller SYSTEM) ERR-NOT-SYSTEM)
    (asserts! (not (var-get initialized)) ERR-ALREADY-INITIALIZED)
    (asserts! (is-eq (len header) u80) ERR-BAD-HEADER-LENGTH)
    (asserts! (< height u4294967296) ERR-BAD-HEIGHT)
    (let (
        (hash (sha256 (sha256 header)))
        (target (unwrap! (decode-target (header-bits header)) ERR-BAD-TARGET))
        (work (block-work target))
      )
      (asserts! (hash-meets-target hash target) ERR-HIGH-HASH)
      (map-set headers hash
        {height: height, work: work, prev: (field32 header u4), merkle-root: (field32 header u36)})
      (map-set canonical height hash)
      (var-set initialized true)
      (var-set tip-hash hash)
      (var-set tip-height height)
      (var-set tip-work work)
      (print {event: "ledger-tip", hash: hash, height: height, work: work, reorg: false})
      (ok {hash: hash, height: height, work: work, reorg: false}))))

;; Up to 64 headers, each linking to a stored header (so a batch is given parent first). When the
;; heaviest header of the batch carries more work than the tip, it becomes the tip; equal work keeps
;; the first-seen tip, as Bitcoin does.
(define-public (submit-headers (batch (list 64 (buff 80))))
  (begin
    (asserts! (is-eq contract-caller SYSTEM) ERR-NOT-SYSTEM)
    (asserts! (var-get initialized) ERR-NOT-INITIALIZED)
    (asserts! (> (len batch) u0) ERR-EMPTY-BATCH)
    (let (
        (old-tip (var-get tip-hash))
        (best (try! (fold accept-header batch (ok {best-hash: old-tip, best-work: (var-get tip-work)}))))
        (new-tip (get best-hash best))
      )
      (if (is-eq new-tip old-tip)
        (ok {hash: old-tip, height: (var-get tip-height), work: (var-get tip-work), reorg: false})
        (let (
            (entry (unwrap-panic (map-get? headers new-tip)))
            (walk (fold repoint-128 ROUNDS {hash: new-tip, done: false, old-height: (var-get tip-height)}))
            (reorg (not (is-eq (get hash walk) old-tip)))
          )
          (asserts! (get done walk) ERR-REORG-TOO-DEEP)
          (var-set tip-hash new-tip)
          (var-set tip-height (get height entry))
          (var-set tip-work (get work entry))
          (print {event: "ledger-tip", hash: new-tip, height: (get height entry), work: (get work entry),
                  reorg: reorg})
          (ok {hash: new-tip, height: (get height entry), work: (get work entry), reorg: reorg}))))))

;; ---------------------------------------------------------------------------------------------
;; Reading the chain

(define-read-only (get-ledger-height)
  (var-get tip-height))

(define-read-only (get-ledger-tip)
  {hash: (var-get tip-hash), height: (var-get tip-height), work: (var-get tip-work),
   initialized: (var-get initialized)})

;; The canonical block hash at `height`, none above the tip or below the checkpoint.
(define-read-only (get-ledger-header-hash (height uint))
  (if (and (var-get initialized) (<= height (var-get tip-height)))
    (map-get? canonical height)
    none))

(define-read-only (get-ledger-header (hash (buff 32)))
  (map-get? headers hash))

;; ---------------------------------------------------------------------------------------------
;; Transaction inclusion

(define-private (merkle-parent (left (buff 32)) (right (buff 32)))
  (sha256 (sha256 (concat left right))))

(define-private (merkle-step (sibling (buff 32)) (st {hash: (buff 32), pos: uint, ok: bool}))
  (let ((hash (get hash st)))
    (if (is-eq (mod (get pos st) u2) u1)
      {hash: (merkle-parent sibling hash), pos: (/ (get pos st) u2),
       ok: (and (get ok st) (is-eq (len sibling) u32) (not (is-eq sibling hash)))}
      {hash: (merkle-parent hash sibling), pos: (/ (get pos st) u2),
       ok: (and (get ok st) (is-eq (len sibling) u32))})))

;; The root a branch reaches from `leaf` at `index`, and whether the branch is well formed.
(define-private (branch-root (leaf (buff 32)) (index uint) (siblings (list 32 (buff 32))))
  (fold merkle-step siblings {hash: leaf, pos: index, ok: true}))

;; A coinbase in its stripped serialization: version:4 | one input (0x01) | null prevout
;; (32 zero bytes, index 0xffffffff).
(define-private (is-coinbase (tx (buff 4096)))
  (and (> (len tx) u41)
       (is-eq (slice? tx u4 u41)
              (some 0x010000000000000000000000000000000000000000000000000000000000000000ffffffff))))

;; Proves that `tx` (serialized without witness, the bytes its txid hashes) is the `index`-th
;; transaction of the canonical ledger block at `height`: `siblings` are the Merkle branch from the
;; leaf up, as the ledger library's merkleBranch gives it. Returns the txid (internal byte order).
;; The rules of the ledger's verifyMerkleBranch apply: index < 2^depth, depth <= 32, and a right
;; child never equals its left sibling (CVE-2012-2459). The tree depth is bound by the block's
;; coinbase: `coinbase` (stripped) and its branch at index 0 must reach the same root with the same
;; depth, so a 64-byte transaction cannot pose as an inner node and lengthen a proof (the leftmost
;; path has the tree's true depth unless the coinbase itself is 64 bytes, which is refused too, as
;; is a 64-byte `tx`).
(define-read-only (verify-ledger-tx
    (height uint)
    (tx (buff 4096))
    (index uint)
    (siblings (list 32 (buff 32)))
    (coinbase (buff 4096))
    (coinbase-siblings (list 32 (buff 32))))
  (let (
      (hash (unwrap! (get-ledger-header-hash height) ERR-UNKNOWN-BLOCK))
      (root (get merkle-root (unwrap-panic (map-get? headers hash))))
      (txid (sha256 (sha256 tx)))
      (folded (branch-root txid index siblings))
      (cb (branch-root (sha256 (sha256 coinbase)) u0 coinbase-siblings))
    )
    (asserts! (not (is-eq (len tx) u64)) ERR-TX-64-BYTES)
    (asserts! (not (is-eq (len coinbase) u64)) ERR-TX-64-BYTES)
    (asserts! (< index (pow u2 (len siblings))) ERR-BAD-INDEX)
    (asserts! (and (get ok folded) (is-eq (get hash folded) root)) ERR-BAD-PROOF)
    (asserts! (and (is-coinbase coinbase) (get ok cb) (is-eq (get hash cb) root)) ERR-BAD-COINBASE-PROOF)
    (asserts! (is-eq (len siblings) (len coinbase-siblings)) ERR-BAD-DEPTH)
    (ok txid)))
