(module
  ;; SHA-256d nonce scanner, four nonces at a time in 128-bit SIMD lanes (i32x4): the
  ;; "4-way SHA-256" of CPU miners, with a miner's per-template precomputation. Built into
  ;; dist/mining/miner/sha256d-4way.wasm by scripts/build-wasm.mjs; driven by sha256d-4way.ts.
  ;;
  ;; scan(start, groups) hashes the 80-byte header with nonces start + 4k + lane (lane 0..3)
  ;; for k = 0, 1, ..., groups - 1 and returns the first k where some lane's block hash, as a
  ;; little-endian 256-bit number, has its most significant 32 bits at or below the target's
  ;; (unsigned); -1 if none. The caller writes the template words below first, and settles a
  ;; candidate group's lanes in order with the exact comparison, where a tie in the top word
  ;; is decided by the lower words.
  ;;
  ;; Per nonce the kernel does rounds 3..63 of the header's second block (rounds 0..2 do not
  ;; depend on the nonce, round 3 only adds it) and rounds 0..60 of the second hash (round 0
  ;; only adds v0 to a constant; rounds 58..60 compute e alone, since the top hash word is iv7
  ;; plus e after round 60). Schedule words made of padding are folded into constants.
  ;;
  ;; The code is straight-line, every round and schedule word written out: V8 then keeps the
  ;; working variables in registers, and computing each schedule word just before its round
  ;; lets the out-of-order core overlap the two (helper functions, which V8 does not inline
  ;; into a body this size, cost 40 %). Round i's a and e are $a<i> and $e<i> in
  ;; the first hash, $A<i> and $E<i> in the second; b, c, d are a of rounds i-2, i-3, i-4 and
  ;; f, g, h are e of rounds i-2, i-3, i-4, loaded from memory where they precede the nonce.
  ;; Every round has the same shape:
  ;;   t = h + K[i] + w[i] + Ch(e, f, g)        Ch(e, f, g) = g ^ (e & (f ^ g))
  ;;   e' = d + t + Σ1(e)
  ;;   a' = t + Σ1(e) + Maj(a, b, c) + Σ0(a)    Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c))
  ;; where b ^ c is the round before's a ^ b ($bc), and a rotation is two shifts and a xor.
  ;;
  ;; Memory: 32-bit words at these byte offsets (the (; name ;) after each load), read as
  ;; four-lane splats. The caller writes the constants once and the template words per header.
  ;;     0  k0..k63    const    the round constants K[0..63]
  ;;   256  mid0..mid7 template the midstate: the state after header bytes 0..63
  ;;   288  iv0..iv7   const    the initial hash value
  ;;   320  a3_base    template a after round 3 of the first hash, less w3
  ;;   324  e3_base    template e after round 3 of the first hash, less w3
  ;;   328  a2         template a after round 2 of the first hash
  ;;   332  a1         template a after round 1 of the first hash
  ;;   336  a0         template a after round 0 of the first hash
  ;;   340  e2         template e after round 2 of the first hash
  ;;   344  e1         template e after round 1 of the first hash
  ;;   348  e0         template e after round 0 of the first hash
  ;;   352  w16        template w16 of the first hash (no nonce in it)
  ;;   356  w17        template w17 of the first hash (no nonce in it)
  ;;   360  c18        template σ1(w16) + w2
  ;;   364  c19        template σ1(w17) + σ0(w4)
  ;;   368  c31        template σ0(w16) + w15
  ;;   372  c32        template σ0(w17) + w16
  ;;   376  target0    template the target's most significant word
  ;;   380  kw4        const    K[4] + w4 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   384  kw5        const    K[5] + w5 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   388  kw6        const    K[6] + w6 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   392  kw7        const    K[7] + w7 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   396  kw8        const    K[8] + w8 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   400  kw9        const    K[9] + w9 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   404  kw10       const    K[10] + w10 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   408  kw11       const    K[11] + w11 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   412  kw12       const    K[12] + w12 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   416  kw13       const    K[13] + w13 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   420  kw14       const    K[14] + w14 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   424  kw15       const    K[15] + w15 (w4 = 0x80000000, w15 = 640, else 0)
  ;;   428  c30        const    σ0(w15) + w14
  ;;   432  pad80      const    0x80000000
  ;;   436  len640     const    640
  ;;   440  len256     const    256
  ;;   444  A0_base    const    A after round 0 of the second hash, less v0
  ;;   448  E0_base    const    E after round 0 of the second hash, less v0
  ;;   452  kv8        const    K[8] + v8 (v8 = 0x80000000, v15 = 256, else 0)
  ;;   456  kv9        const    K[9] + v9 (v8 = 0x80000000, v15 = 256, else 0)
  ;;   460  kv10       const    K[10] + v10 (v8 = 0x80000000, v15 = 256, else 0)
  ;;   464  kv11       const    K[11] + v11 (v8 = 0x80000000, v15 = 256, else 0)
  ;;   468  kv12       const    K[12] + v12 (v8 = 0x80000000, v15 = 256, else 0)
  ;;   472  kv13       const    K[13] + v13 (v8 = 0x80000000, v15 = 256, else 0)
  ;;   476  kv14       const    K[14] + v14 (v8 = 0x80000000, v15 = 256, else 0)
  ;;   480  kv15       const    K[15] + v15 (v8 = 0x80000000, v15 = 256, else 0)
  ;;   484  s1_len256  const    σ1(v15)
  ;;   488  s0_pad80   const    σ0(v8)
  ;;   492  s0_len256  const    σ0(v15)
  (memory (export "memory") 1)

  (func (export "scan") (param $start i32) (param $groups i32) (result i32)
    (local $k i32)
    (local $n v128)
    (local $w3 v128) (local $x v128) (local $s0 v128) (local $w18 v128) (local $w19 v128) (local $s1 v128)
    (local $w20 v128) (local $w21 v128) (local $w22 v128) (local $w23 v128) (local $w24 v128) (local $w25 v128)
    (local $w26 v128) (local $w27 v128) (local $w28 v128) (local $w29 v128) (local $w30 v128) (local $w31 v128)
    (local $w32 v128) (local $w33 v128) (local $a3 v128) (local $e3 v128) (local $t v128) (local $s v128)
    (local $e4 v128) (local $ab v128) (local $a4 v128) (local $bc v128) (local $e5 v128) (local $a5 v128)
    (local $e6 v128) (local $a6 v128) (local $e7 v128) (local $a7 v128) (local $e8 v128) (local $a8 v128)
    (local $e9 v128) (local $a9 v128) (local $e10 v128) (local $a10 v128) (local $e11 v128) (local $a11 v128)
    (local $e12 v128) (local $a12 v128) (local $e13 v128) (local $a13 v128) (local $e14 v128) (local $a14 v128)
    (local $e15 v128) (local $a15 v128) (local $e16 v128) (local $a16 v128) (local $e17 v128) (local $a17 v128)
    (local $e18 v128) (local $a18 v128) (local $e19 v128) (local $a19 v128) (local $e20 v128) (local $a20 v128)
    (local $e21 v128) (local $a21 v128) (local $e22 v128) (local $a22 v128) (local $e23 v128) (local $a23 v128)
    (local $e24 v128) (local $a24 v128) (local $e25 v128) (local $a25 v128) (local $e26 v128) (local $a26 v128)
    (local $e27 v128) (local $a27 v128) (local $e28 v128) (local $a28 v128) (local $e29 v128) (local $a29 v128)
    (local $e30 v128) (local $a30 v128) (local $e31 v128) (local $a31 v128) (local $e32 v128) (local $a32 v128)
    (local $e33 v128) (local $a33 v128) (local $w34 v128) (local $e34 v128) (local $a34 v128) (local $w35 v128)
    (local $e35 v128) (local $a35 v128) (local $w36 v128) (local $e36 v128) (local $a36 v128) (local $w37 v128)
    (local $e37 v128) (local $a37 v128) (local $w38 v128) (local $e38 v128) (local $a38 v128) (local $w39 v128)
    (local $e39 v128) (local $a39 v128) (local $w40 v128) (local $e40 v128) (local $a40 v128) (local $w41 v128)
    (local $e41 v128) (local $a41 v128) (local $w42 v128) (local $e42 v128) (local $a42 v128) (local $w43 v128)
    (local $e43 v128) (local $a43 v128) (local $w44 v128) (local $e44 v128) (local $a44 v128) (local $w45 v128)
    (local $e45 v128) (local $a45 v128) (local $w46 v128) (local $e46 v128) (local $a46 v128) (local $w47 v128)
    (local $e47 v128) (local $a47 v128) (local $w48 v128) (local $e48 v128) (local $a48 v128) (local $w49 v128)
    (local $e49 v128) (local $a49 v128) (local $w50 v128) (local $e50 v128) (local $a50 v128) (local $w51 v128)
    (local $e51 v128) (local $a51 v128) (local $w52 v128) (local $e52 v128) (local $a52 v128) (local $w53 v128)
    (local $e53 v128) (local $a53 v128) (local $w54 v128) (local $e54 v128) (local $a54 v128) (local $w55 v128)
    (local $e55 v128) (local $a55 v128) (local $w56 v128) (local $e56 v128) (local $a56 v128) (local $w57 v128)
    (local $e57 v128) (local $a57 v128) (local $w58 v128) (local $e58 v128) (local $a58 v128) (local $w59 v128)
    (local $e59 v128) (local $a59 v128) (local $w60 v128) (local $e60 v128) (local $a60 v128) (local $w61 v128)
    (local $e61 v128) (local $a61 v128) (local $w62 v128) (local $e62 v128) (local $a62 v128) (local $w63 v128)
    (local $e63 v128) (local $a63 v128) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $v4 v128) (local $v5 v128) (local $v6 v128) (local $v7 v128) (local $v16 v128) (local $v17 v128)
    (local $v18 v128) (local $v19 v128) (local $v20 v128) (local $v21 v128) (local $v22 v128) (local $v23 v128)
    (local $v24 v128) (local $v25 v128) (local $v26 v128) (local $v27 v128) (local $v28 v128) (local $v29 v128)
    (local $v30 v128) (local $v31 v128) (local $A0 v128) (local $E0 v128) (local $E1 v128) (local $A1 v128)
    (local $E2 v128) (local $A2 v128) (local $E3 v128) (local $A3 v128) (local $E4 v128) (local $A4 v128)
    (local $E5 v128) (local $A5 v128) (local $E6 v128) (local $A6 v128) (local $E7 v128) (local $A7 v128)
    (local $E8 v128) (local $A8 v128) (local $E9 v128) (local $A9 v128) (local $E10 v128) (local $A10 v128)
    (local $E11 v128) (local $A11 v128) (local $E12 v128) (local $A12 v128) (local $E13 v128) (local $A13 v128)
    (local $E14 v128) (local $A14 v128) (local $E15 v128) (local $A15 v128) (local $E16 v128) (local $A16 v128)
    (local $E17 v128) (local $A17 v128) (local $E18 v128) (local $A18 v128) (local $E19 v128) (local $A19 v128)
    (local $E20 v128) (local $A20 v128) (local $E21 v128) (local $A21 v128) (local $E22 v128) (local $A22 v128)
    (local $E23 v128) (local $A23 v128) (local $E24 v128) (local $A24 v128) (local $E25 v128) (local $A25 v128)
    (local $E26 v128) (local $A26 v128) (local $E27 v128) (local $A27 v128) (local $E28 v128) (local $A28 v128)
    (local $E29 v128) (local $A29 v128) (local $E30 v128) (local $A30 v128) (local $E31 v128) (local $A31 v128)
    (local $v32 v128) (local $E32 v128) (local $A32 v128) (local $v33 v128) (local $E33 v128) (local $A33 v128)
    (local $v34 v128) (local $E34 v128) (local $A34 v128) (local $v35 v128) (local $E35 v128) (local $A35 v128)
    (local $v36 v128) (local $E36 v128) (local $A36 v128) (local $v37 v128) (local $E37 v128) (local $A37 v128)
    (local $v38 v128) (local $E38 v128) (local $A38 v128) (local $v39 v128) (local $E39 v128) (local $A39 v128)
    (local $v40 v128) (local $E40 v128) (local $A40 v128) (local $v41 v128) (local $E41 v128) (local $A41 v128)
    (local $v42 v128) (local $E42 v128) (local $A42 v128) (local $v43 v128) (local $E43 v128) (local $A43 v128)
    (local $v44 v128) (local $E44 v128) (local $A44 v128) (local $v45 v128) (local $E45 v128) (local $A45 v128)
    (local $v46 v128) (local $E46 v128) (local $A46 v128) (local $v47 v128) (local $E47 v128) (local $A47 v128)
    (local $v48 v128) (local $E48 v128) (local $A48 v128) (local $v49 v128) (local $E49 v128) (local $A49 v128)
    (local $v50 v128) (local $E50 v128) (local $A50 v128) (local $v51 v128) (local $E51 v128) (local $A51 v128)
    (local $v52 v128) (local $E52 v128) (local $A52 v128) (local $v53 v128) (local $E53 v128) (local $A53 v128)
    (local $v54 v128) (local $E54 v128) (local $A54 v128) (local $v55 v128) (local $E55 v128) (local $A55 v128)
    (local $v56 v128) (local $E56 v128) (local $A56 v128) (local $v57 v128) (local $E57 v128) (local $A57 v128)
    (local $v58 v128) (local $E58 v128) (local $v59 v128) (local $E59 v128) (local $v60 v128) (local $E60 v128)
    (local $top v128)
    (if (i32.le_s (local.get $groups) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $n (i32x4.add (i32x4.splat (local.get $start)) (v128.const i32x4 0 1 2 3)))
    (loop $group

      ;; ==== First hash: the header's second block (Merkle root tail, time, bits, nonce, padding)
      ;; from the midstate; words 0..2 and rounds 0..2 are per template, word 3 is the nonce.
      (local.set $w3 (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12 (local.get $n) (local.get $n)))
      ;; Schedule words 18..33: words 4..15 are padding (w4 = 0x80000000, w15 = 640, the rest 0).
      ;; w18 = σ1(w16) + w11 + σ0(w3) + w2 = c18 + σ0(w3)
      (local.set $x (local.get $w3))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w18 (i32x4.add (v128.load32_splat offset=360 (i32.const 0)) (; c18 ;) (local.get $s0)))
      ;; w19 = σ1(w17) + w12 + σ0(w4) + w3 = c19 + w3
      (local.set $w19 (i32x4.add (v128.load32_splat offset=364 (i32.const 0)) (; c19 ;) (local.get $w3)))
      ;; w20 = σ1(w18) + w13 + σ0(w5) + w4 = σ1(w18) + 0x80000000
      (local.set $x (local.get $w18))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w20 (i32x4.add (local.get $s1) (v128.load32_splat offset=432 (i32.const 0)) (; pad80 ;)))
      ;; w21 = σ1(w19) + w14 + σ0(w6) + w5 = σ1(w19)
      (local.set $x (local.get $w19))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w21 (local.get $s1))
      ;; w22 = σ1(w20) + w15 + σ0(w7) + w6 = σ1(w20) + 640
      (local.set $x (local.get $w20))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w22 (i32x4.add (local.get $s1) (v128.load32_splat offset=436 (i32.const 0)) (; len640 ;)))
      ;; w23 = σ1(w21) + w16 + σ0(w8) + w7 = σ1(w21) + w16
      (local.set $x (local.get $w21))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w23 (i32x4.add (local.get $s1) (v128.load32_splat offset=352 (i32.const 0)) (; w16 ;)))
      ;; w24 = σ1(w22) + w17 + σ0(w9) + w8 = σ1(w22) + w17
      (local.set $x (local.get $w22))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w24 (i32x4.add (local.get $s1) (v128.load32_splat offset=356 (i32.const 0)) (; w17 ;)))
      ;; w25 = σ1(w23) + w18 + σ0(w10) + w9 = σ1(w23) + w18
      (local.set $x (local.get $w23))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w25 (i32x4.add (local.get $s1) (local.get $w18)))
      ;; w26 = σ1(w24) + w19 + σ0(w11) + w10 = σ1(w24) + w19
      (local.set $x (local.get $w24))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w26 (i32x4.add (local.get $s1) (local.get $w19)))
      ;; w27 = σ1(w25) + w20 + σ0(w12) + w11 = σ1(w25) + w20
      (local.set $x (local.get $w25))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w27 (i32x4.add (local.get $s1) (local.get $w20)))
      ;; w28 = σ1(w26) + w21 + σ0(w13) + w12 = σ1(w26) + w21
      (local.set $x (local.get $w26))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w28 (i32x4.add (local.get $s1) (local.get $w21)))
      ;; w29 = σ1(w27) + w22 + σ0(w14) + w13 = σ1(w27) + w22
      (local.set $x (local.get $w27))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w29 (i32x4.add (local.get $s1) (local.get $w22)))
      ;; w30 = σ1(w28) + w23 + σ0(w15) + w14 = σ1(w28) + w23 + c30
      (local.set $x (local.get $w28))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w30 (i32x4.add (i32x4.add (local.get $s1) (local.get $w23)) (v128.load32_splat offset=428 (i32.const 0)) (; c30 ;)))
      ;; w31 = σ1(w29) + w24 + σ0(w16) + w15 = σ1(w29) + w24 + c31
      (local.set $x (local.get $w29))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w31 (i32x4.add (i32x4.add (local.get $s1) (local.get $w24)) (v128.load32_splat offset=368 (i32.const 0)) (; c31 ;)))
      ;; w32 = σ1(w30) + w25 + σ0(w17) + w16 = σ1(w30) + w25 + c32
      (local.set $x (local.get $w30))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $w32 (i32x4.add (i32x4.add (local.get $s1) (local.get $w25)) (v128.load32_splat offset=372 (i32.const 0)) (; c32 ;)))
      ;; w33 = σ1(w31) + w26 + σ0(w18) + w17
      (local.set $x (local.get $w31))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w18))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w33 (i32x4.add (i32x4.add (local.get $s1) (local.get $w26)) (i32x4.add (local.get $s0) (v128.load32_splat offset=356 (i32.const 0)) (; w17 ;))))
      ;; Round 3: everything but w3 is per template.
      (local.set $a3 (i32x4.add (v128.load32_splat offset=320 (i32.const 0)) (; a3_base ;) (local.get $w3)))
      (local.set $e3 (i32x4.add (v128.load32_splat offset=324 (i32.const 0)) (; e3_base ;) (local.get $w3)))
      ;; round 4
      (local.set $x (local.get $e3))
      (local.set $t (i32x4.add (i32x4.add (v128.load32_splat offset=348 (i32.const 0)) (; e0 ;) (v128.load32_splat offset=380 (i32.const 0)) (; kw4 ;)) (v128.xor (v128.and (v128.xor (v128.load32_splat offset=340 (i32.const 0)) (; e2 ;) (v128.load32_splat offset=344 (i32.const 0)) (; e1 ;)) (local.get $x)) (v128.load32_splat offset=344 (i32.const 0)) (; e1 ;))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e4 (i32x4.add (v128.load32_splat offset=336 (i32.const 0)) (; a0 ;) (local.get $t)))
      (local.set $x (local.get $a3))
      (local.set $ab (v128.xor (local.get $x) (v128.load32_splat offset=328 (i32.const 0)) (; a2 ;)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (v128.xor (v128.load32_splat offset=328 (i32.const 0)) (; a2 ;) (v128.load32_splat offset=332 (i32.const 0)) (; a1 ;))) (v128.load32_splat offset=328 (i32.const 0)) (; a2 ;))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a4 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 5
      (local.set $x (local.get $e4))
      (local.set $t (i32x4.add (i32x4.add (v128.load32_splat offset=344 (i32.const 0)) (; e1 ;) (v128.load32_splat offset=384 (i32.const 0)) (; kw5 ;)) (v128.xor (v128.and (v128.xor (local.get $e3) (v128.load32_splat offset=340 (i32.const 0)) (; e2 ;)) (local.get $x)) (v128.load32_splat offset=340 (i32.const 0)) (; e2 ;))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e5 (i32x4.add (v128.load32_splat offset=332 (i32.const 0)) (; a1 ;) (local.get $t)))
      (local.set $x (local.get $a4))
      (local.set $ab (v128.xor (local.get $x) (local.get $a3)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a3))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a5 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 6
      (local.set $x (local.get $e5))
      (local.set $t (i32x4.add (i32x4.add (v128.load32_splat offset=340 (i32.const 0)) (; e2 ;) (v128.load32_splat offset=388 (i32.const 0)) (; kw6 ;)) (v128.xor (v128.and (v128.xor (local.get $e4) (local.get $e3)) (local.get $x)) (local.get $e3))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e6 (i32x4.add (v128.load32_splat offset=328 (i32.const 0)) (; a2 ;) (local.get $t)))
      (local.set $x (local.get $a5))
      (local.set $ab (v128.xor (local.get $x) (local.get $a4)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a4))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a6 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 7
      (local.set $x (local.get $e6))
      (local.set $t (i32x4.add (i32x4.add (local.get $e3) (v128.load32_splat offset=392 (i32.const 0)) (; kw7 ;)) (v128.xor (v128.and (v128.xor (local.get $e5) (local.get $e4)) (local.get $x)) (local.get $e4))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e7 (i32x4.add (local.get $a3) (local.get $t)))
      (local.set $x (local.get $a6))
      (local.set $ab (v128.xor (local.get $x) (local.get $a5)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a5))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a7 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 8
      (local.set $x (local.get $e7))
      (local.set $t (i32x4.add (i32x4.add (local.get $e4) (v128.load32_splat offset=396 (i32.const 0)) (; kw8 ;)) (v128.xor (v128.and (v128.xor (local.get $e6) (local.get $e5)) (local.get $x)) (local.get $e5))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e8 (i32x4.add (local.get $a4) (local.get $t)))
      (local.set $x (local.get $a7))
      (local.set $ab (v128.xor (local.get $x) (local.get $a6)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a6))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a8 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 9
      (local.set $x (local.get $e8))
      (local.set $t (i32x4.add (i32x4.add (local.get $e5) (v128.load32_splat offset=400 (i32.const 0)) (; kw9 ;)) (v128.xor (v128.and (v128.xor (local.get $e7) (local.get $e6)) (local.get $x)) (local.get $e6))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e9 (i32x4.add (local.get $a5) (local.get $t)))
      (local.set $x (local.get $a8))
      (local.set $ab (v128.xor (local.get $x) (local.get $a7)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a7))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a9 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 10
      (local.set $x (local.get $e9))
      (local.set $t (i32x4.add (i32x4.add (local.get $e6) (v128.load32_splat offset=404 (i32.const 0)) (; kw10 ;)) (v128.xor (v128.and (v128.xor (local.get $e8) (local.get $e7)) (local.get $x)) (local.get $e7))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e10 (i32x4.add (local.get $a6) (local.get $t)))
      (local.set $x (local.get $a9))
      (local.set $ab (v128.xor (local.get $x) (local.get $a8)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a8))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a10 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 11
      (local.set $x (local.get $e10))
      (local.set $t (i32x4.add (i32x4.add (local.get $e7) (v128.load32_splat offset=408 (i32.const 0)) (; kw11 ;)) (v128.xor (v128.and (v128.xor (local.get $e9) (local.get $e8)) (local.get $x)) (local.get $e8))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e11 (i32x4.add (local.get $a7) (local.get $t)))
      (local.set $x (local.get $a10))
      (local.set $ab (v128.xor (local.get $x) (local.get $a9)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a9))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a11 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 12
      (local.set $x (local.get $e11))
      (local.set $t (i32x4.add (i32x4.add (local.get $e8) (v128.load32_splat offset=412 (i32.const 0)) (; kw12 ;)) (v128.xor (v128.and (v128.xor (local.get $e10) (local.get $e9)) (local.get $x)) (local.get $e9))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e12 (i32x4.add (local.get $a8) (local.get $t)))
      (local.set $x (local.get $a11))
      (local.set $ab (v128.xor (local.get $x) (local.get $a10)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a10))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a12 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 13
      (local.set $x (local.get $e12))
      (local.set $t (i32x4.add (i32x4.add (local.get $e9) (v128.load32_splat offset=416 (i32.const 0)) (; kw13 ;)) (v128.xor (v128.and (v128.xor (local.get $e11) (local.get $e10)) (local.get $x)) (local.get $e10))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e13 (i32x4.add (local.get $a9) (local.get $t)))
      (local.set $x (local.get $a12))
      (local.set $ab (v128.xor (local.get $x) (local.get $a11)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a11))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a13 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 14
      (local.set $x (local.get $e13))
      (local.set $t (i32x4.add (i32x4.add (local.get $e10) (v128.load32_splat offset=420 (i32.const 0)) (; kw14 ;)) (v128.xor (v128.and (v128.xor (local.get $e12) (local.get $e11)) (local.get $x)) (local.get $e11))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e14 (i32x4.add (local.get $a10) (local.get $t)))
      (local.set $x (local.get $a13))
      (local.set $ab (v128.xor (local.get $x) (local.get $a12)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a12))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a14 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 15
      (local.set $x (local.get $e14))
      (local.set $t (i32x4.add (i32x4.add (local.get $e11) (v128.load32_splat offset=424 (i32.const 0)) (; kw15 ;)) (v128.xor (v128.and (v128.xor (local.get $e13) (local.get $e12)) (local.get $x)) (local.get $e12))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e15 (i32x4.add (local.get $a11) (local.get $t)))
      (local.set $x (local.get $a14))
      (local.set $ab (v128.xor (local.get $x) (local.get $a13)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a13))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a15 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 16
      (local.set $x (local.get $e15))
      (local.set $t (i32x4.add (i32x4.add (local.get $e12) (i32x4.add (v128.load32_splat offset=64 (i32.const 0)) (; k16 ;) (v128.load32_splat offset=352 (i32.const 0)) (; w16 ;))) (v128.xor (v128.and (v128.xor (local.get $e14) (local.get $e13)) (local.get $x)) (local.get $e13))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e16 (i32x4.add (local.get $a12) (local.get $t)))
      (local.set $x (local.get $a15))
      (local.set $ab (v128.xor (local.get $x) (local.get $a14)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a14))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a16 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 17
      (local.set $x (local.get $e16))
      (local.set $t (i32x4.add (i32x4.add (local.get $e13) (i32x4.add (v128.load32_splat offset=68 (i32.const 0)) (; k17 ;) (v128.load32_splat offset=356 (i32.const 0)) (; w17 ;))) (v128.xor (v128.and (v128.xor (local.get $e15) (local.get $e14)) (local.get $x)) (local.get $e14))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e17 (i32x4.add (local.get $a13) (local.get $t)))
      (local.set $x (local.get $a16))
      (local.set $ab (v128.xor (local.get $x) (local.get $a15)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a15))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a17 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 18
      (local.set $x (local.get $e17))
      (local.set $t (i32x4.add (i32x4.add (local.get $e14) (i32x4.add (v128.load32_splat offset=72 (i32.const 0)) (; k18 ;) (local.get $w18))) (v128.xor (v128.and (v128.xor (local.get $e16) (local.get $e15)) (local.get $x)) (local.get $e15))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e18 (i32x4.add (local.get $a14) (local.get $t)))
      (local.set $x (local.get $a17))
      (local.set $ab (v128.xor (local.get $x) (local.get $a16)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a16))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a18 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 19
      (local.set $x (local.get $e18))
      (local.set $t (i32x4.add (i32x4.add (local.get $e15) (i32x4.add (v128.load32_splat offset=76 (i32.const 0)) (; k19 ;) (local.get $w19))) (v128.xor (v128.and (v128.xor (local.get $e17) (local.get $e16)) (local.get $x)) (local.get $e16))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e19 (i32x4.add (local.get $a15) (local.get $t)))
      (local.set $x (local.get $a18))
      (local.set $ab (v128.xor (local.get $x) (local.get $a17)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a17))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a19 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 20
      (local.set $x (local.get $e19))
      (local.set $t (i32x4.add (i32x4.add (local.get $e16) (i32x4.add (v128.load32_splat offset=80 (i32.const 0)) (; k20 ;) (local.get $w20))) (v128.xor (v128.and (v128.xor (local.get $e18) (local.get $e17)) (local.get $x)) (local.get $e17))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e20 (i32x4.add (local.get $a16) (local.get $t)))
      (local.set $x (local.get $a19))
      (local.set $ab (v128.xor (local.get $x) (local.get $a18)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a18))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a20 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 21
      (local.set $x (local.get $e20))
      (local.set $t (i32x4.add (i32x4.add (local.get $e17) (i32x4.add (v128.load32_splat offset=84 (i32.const 0)) (; k21 ;) (local.get $w21))) (v128.xor (v128.and (v128.xor (local.get $e19) (local.get $e18)) (local.get $x)) (local.get $e18))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e21 (i32x4.add (local.get $a17) (local.get $t)))
      (local.set $x (local.get $a20))
      (local.set $ab (v128.xor (local.get $x) (local.get $a19)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a19))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a21 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 22
      (local.set $x (local.get $e21))
      (local.set $t (i32x4.add (i32x4.add (local.get $e18) (i32x4.add (v128.load32_splat offset=88 (i32.const 0)) (; k22 ;) (local.get $w22))) (v128.xor (v128.and (v128.xor (local.get $e20) (local.get $e19)) (local.get $x)) (local.get $e19))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e22 (i32x4.add (local.get $a18) (local.get $t)))
      (local.set $x (local.get $a21))
      (local.set $ab (v128.xor (local.get $x) (local.get $a20)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a20))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a22 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 23
      (local.set $x (local.get $e22))
      (local.set $t (i32x4.add (i32x4.add (local.get $e19) (i32x4.add (v128.load32_splat offset=92 (i32.const 0)) (; k23 ;) (local.get $w23))) (v128.xor (v128.and (v128.xor (local.get $e21) (local.get $e20)) (local.get $x)) (local.get $e20))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e23 (i32x4.add (local.get $a19) (local.get $t)))
      (local.set $x (local.get $a22))
      (local.set $ab (v128.xor (local.get $x) (local.get $a21)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a21))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a23 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 24
      (local.set $x (local.get $e23))
      (local.set $t (i32x4.add (i32x4.add (local.get $e20) (i32x4.add (v128.load32_splat offset=96 (i32.const 0)) (; k24 ;) (local.get $w24))) (v128.xor (v128.and (v128.xor (local.get $e22) (local.get $e21)) (local.get $x)) (local.get $e21))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e24 (i32x4.add (local.get $a20) (local.get $t)))
      (local.set $x (local.get $a23))
      (local.set $ab (v128.xor (local.get $x) (local.get $a22)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a22))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a24 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 25
      (local.set $x (local.get $e24))
      (local.set $t (i32x4.add (i32x4.add (local.get $e21) (i32x4.add (v128.load32_splat offset=100 (i32.const 0)) (; k25 ;) (local.get $w25))) (v128.xor (v128.and (v128.xor (local.get $e23) (local.get $e22)) (local.get $x)) (local.get $e22))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e25 (i32x4.add (local.get $a21) (local.get $t)))
      (local.set $x (local.get $a24))
      (local.set $ab (v128.xor (local.get $x) (local.get $a23)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a23))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a25 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 26
      (local.set $x (local.get $e25))
      (local.set $t (i32x4.add (i32x4.add (local.get $e22) (i32x4.add (v128.load32_splat offset=104 (i32.const 0)) (; k26 ;) (local.get $w26))) (v128.xor (v128.and (v128.xor (local.get $e24) (local.get $e23)) (local.get $x)) (local.get $e23))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e26 (i32x4.add (local.get $a22) (local.get $t)))
      (local.set $x (local.get $a25))
      (local.set $ab (v128.xor (local.get $x) (local.get $a24)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a24))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a26 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 27
      (local.set $x (local.get $e26))
      (local.set $t (i32x4.add (i32x4.add (local.get $e23) (i32x4.add (v128.load32_splat offset=108 (i32.const 0)) (; k27 ;) (local.get $w27))) (v128.xor (v128.and (v128.xor (local.get $e25) (local.get $e24)) (local.get $x)) (local.get $e24))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e27 (i32x4.add (local.get $a23) (local.get $t)))
      (local.set $x (local.get $a26))
      (local.set $ab (v128.xor (local.get $x) (local.get $a25)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a25))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a27 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 28
      (local.set $x (local.get $e27))
      (local.set $t (i32x4.add (i32x4.add (local.get $e24) (i32x4.add (v128.load32_splat offset=112 (i32.const 0)) (; k28 ;) (local.get $w28))) (v128.xor (v128.and (v128.xor (local.get $e26) (local.get $e25)) (local.get $x)) (local.get $e25))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e28 (i32x4.add (local.get $a24) (local.get $t)))
      (local.set $x (local.get $a27))
      (local.set $ab (v128.xor (local.get $x) (local.get $a26)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a26))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a28 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 29
      (local.set $x (local.get $e28))
      (local.set $t (i32x4.add (i32x4.add (local.get $e25) (i32x4.add (v128.load32_splat offset=116 (i32.const 0)) (; k29 ;) (local.get $w29))) (v128.xor (v128.and (v128.xor (local.get $e27) (local.get $e26)) (local.get $x)) (local.get $e26))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e29 (i32x4.add (local.get $a25) (local.get $t)))
      (local.set $x (local.get $a28))
      (local.set $ab (v128.xor (local.get $x) (local.get $a27)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a27))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a29 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 30
      (local.set $x (local.get $e29))
      (local.set $t (i32x4.add (i32x4.add (local.get $e26) (i32x4.add (v128.load32_splat offset=120 (i32.const 0)) (; k30 ;) (local.get $w30))) (v128.xor (v128.and (v128.xor (local.get $e28) (local.get $e27)) (local.get $x)) (local.get $e27))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e30 (i32x4.add (local.get $a26) (local.get $t)))
      (local.set $x (local.get $a29))
      (local.set $ab (v128.xor (local.get $x) (local.get $a28)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a28))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a30 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 31
      (local.set $x (local.get $e30))
      (local.set $t (i32x4.add (i32x4.add (local.get $e27) (i32x4.add (v128.load32_splat offset=124 (i32.const 0)) (; k31 ;) (local.get $w31))) (v128.xor (v128.and (v128.xor (local.get $e29) (local.get $e28)) (local.get $x)) (local.get $e28))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e31 (i32x4.add (local.get $a27) (local.get $t)))
      (local.set $x (local.get $a30))
      (local.set $ab (v128.xor (local.get $x) (local.get $a29)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a29))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a31 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 32
      (local.set $x (local.get $e31))
      (local.set $t (i32x4.add (i32x4.add (local.get $e28) (i32x4.add (v128.load32_splat offset=128 (i32.const 0)) (; k32 ;) (local.get $w32))) (v128.xor (v128.and (v128.xor (local.get $e30) (local.get $e29)) (local.get $x)) (local.get $e29))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e32 (i32x4.add (local.get $a28) (local.get $t)))
      (local.set $x (local.get $a31))
      (local.set $ab (v128.xor (local.get $x) (local.get $a30)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a30))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a32 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 33
      (local.set $x (local.get $e32))
      (local.set $t (i32x4.add (i32x4.add (local.get $e29) (i32x4.add (v128.load32_splat offset=132 (i32.const 0)) (; k33 ;) (local.get $w33))) (v128.xor (v128.and (v128.xor (local.get $e31) (local.get $e30)) (local.get $x)) (local.get $e30))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e33 (i32x4.add (local.get $a29) (local.get $t)))
      (local.set $x (local.get $a32))
      (local.set $ab (v128.xor (local.get $x) (local.get $a31)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a31))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a33 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w34 = σ1(w32) + w27 + σ0(w19) + w18
      (local.set $x (local.get $w32))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w19))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w34 (i32x4.add (i32x4.add (local.get $s1) (local.get $w27)) (i32x4.add (local.get $s0) (local.get $w18))))
      ;; round 34
      (local.set $x (local.get $e33))
      (local.set $t (i32x4.add (i32x4.add (local.get $e30) (i32x4.add (v128.load32_splat offset=136 (i32.const 0)) (; k34 ;) (local.get $w34))) (v128.xor (v128.and (v128.xor (local.get $e32) (local.get $e31)) (local.get $x)) (local.get $e31))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e34 (i32x4.add (local.get $a30) (local.get $t)))
      (local.set $x (local.get $a33))
      (local.set $ab (v128.xor (local.get $x) (local.get $a32)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a32))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a34 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w35 = σ1(w33) + w28 + σ0(w20) + w19
      (local.set $x (local.get $w33))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w20))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w35 (i32x4.add (i32x4.add (local.get $s1) (local.get $w28)) (i32x4.add (local.get $s0) (local.get $w19))))
      ;; round 35
      (local.set $x (local.get $e34))
      (local.set $t (i32x4.add (i32x4.add (local.get $e31) (i32x4.add (v128.load32_splat offset=140 (i32.const 0)) (; k35 ;) (local.get $w35))) (v128.xor (v128.and (v128.xor (local.get $e33) (local.get $e32)) (local.get $x)) (local.get $e32))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e35 (i32x4.add (local.get $a31) (local.get $t)))
      (local.set $x (local.get $a34))
      (local.set $ab (v128.xor (local.get $x) (local.get $a33)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a33))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a35 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w36 = σ1(w34) + w29 + σ0(w21) + w20
      (local.set $x (local.get $w34))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w21))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w36 (i32x4.add (i32x4.add (local.get $s1) (local.get $w29)) (i32x4.add (local.get $s0) (local.get $w20))))
      ;; round 36
      (local.set $x (local.get $e35))
      (local.set $t (i32x4.add (i32x4.add (local.get $e32) (i32x4.add (v128.load32_splat offset=144 (i32.const 0)) (; k36 ;) (local.get $w36))) (v128.xor (v128.and (v128.xor (local.get $e34) (local.get $e33)) (local.get $x)) (local.get $e33))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e36 (i32x4.add (local.get $a32) (local.get $t)))
      (local.set $x (local.get $a35))
      (local.set $ab (v128.xor (local.get $x) (local.get $a34)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a34))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a36 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w37 = σ1(w35) + w30 + σ0(w22) + w21
      (local.set $x (local.get $w35))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w22))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w37 (i32x4.add (i32x4.add (local.get $s1) (local.get $w30)) (i32x4.add (local.get $s0) (local.get $w21))))
      ;; round 37
      (local.set $x (local.get $e36))
      (local.set $t (i32x4.add (i32x4.add (local.get $e33) (i32x4.add (v128.load32_splat offset=148 (i32.const 0)) (; k37 ;) (local.get $w37))) (v128.xor (v128.and (v128.xor (local.get $e35) (local.get $e34)) (local.get $x)) (local.get $e34))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e37 (i32x4.add (local.get $a33) (local.get $t)))
      (local.set $x (local.get $a36))
      (local.set $ab (v128.xor (local.get $x) (local.get $a35)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a35))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a37 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w38 = σ1(w36) + w31 + σ0(w23) + w22
      (local.set $x (local.get $w36))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w23))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w38 (i32x4.add (i32x4.add (local.get $s1) (local.get $w31)) (i32x4.add (local.get $s0) (local.get $w22))))
      ;; round 38
      (local.set $x (local.get $e37))
      (local.set $t (i32x4.add (i32x4.add (local.get $e34) (i32x4.add (v128.load32_splat offset=152 (i32.const 0)) (; k38 ;) (local.get $w38))) (v128.xor (v128.and (v128.xor (local.get $e36) (local.get $e35)) (local.get $x)) (local.get $e35))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e38 (i32x4.add (local.get $a34) (local.get $t)))
      (local.set $x (local.get $a37))
      (local.set $ab (v128.xor (local.get $x) (local.get $a36)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a36))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a38 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w39 = σ1(w37) + w32 + σ0(w24) + w23
      (local.set $x (local.get $w37))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w24))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w39 (i32x4.add (i32x4.add (local.get $s1) (local.get $w32)) (i32x4.add (local.get $s0) (local.get $w23))))
      ;; round 39
      (local.set $x (local.get $e38))
      (local.set $t (i32x4.add (i32x4.add (local.get $e35) (i32x4.add (v128.load32_splat offset=156 (i32.const 0)) (; k39 ;) (local.get $w39))) (v128.xor (v128.and (v128.xor (local.get $e37) (local.get $e36)) (local.get $x)) (local.get $e36))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e39 (i32x4.add (local.get $a35) (local.get $t)))
      (local.set $x (local.get $a38))
      (local.set $ab (v128.xor (local.get $x) (local.get $a37)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a37))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a39 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w40 = σ1(w38) + w33 + σ0(w25) + w24
      (local.set $x (local.get $w38))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w25))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w40 (i32x4.add (i32x4.add (local.get $s1) (local.get $w33)) (i32x4.add (local.get $s0) (local.get $w24))))
      ;; round 40
      (local.set $x (local.get $e39))
      (local.set $t (i32x4.add (i32x4.add (local.get $e36) (i32x4.add (v128.load32_splat offset=160 (i32.const 0)) (; k40 ;) (local.get $w40))) (v128.xor (v128.and (v128.xor (local.get $e38) (local.get $e37)) (local.get $x)) (local.get $e37))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e40 (i32x4.add (local.get $a36) (local.get $t)))
      (local.set $x (local.get $a39))
      (local.set $ab (v128.xor (local.get $x) (local.get $a38)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a38))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a40 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w41 = σ1(w39) + w34 + σ0(w26) + w25
      (local.set $x (local.get $w39))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w26))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w41 (i32x4.add (i32x4.add (local.get $s1) (local.get $w34)) (i32x4.add (local.get $s0) (local.get $w25))))
      ;; round 41
      (local.set $x (local.get $e40))
      (local.set $t (i32x4.add (i32x4.add (local.get $e37) (i32x4.add (v128.load32_splat offset=164 (i32.const 0)) (; k41 ;) (local.get $w41))) (v128.xor (v128.and (v128.xor (local.get $e39) (local.get $e38)) (local.get $x)) (local.get $e38))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e41 (i32x4.add (local.get $a37) (local.get $t)))
      (local.set $x (local.get $a40))
      (local.set $ab (v128.xor (local.get $x) (local.get $a39)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a39))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a41 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w42 = σ1(w40) + w35 + σ0(w27) + w26
      (local.set $x (local.get $w40))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w27))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w42 (i32x4.add (i32x4.add (local.get $s1) (local.get $w35)) (i32x4.add (local.get $s0) (local.get $w26))))
      ;; round 42
      (local.set $x (local.get $e41))
      (local.set $t (i32x4.add (i32x4.add (local.get $e38) (i32x4.add (v128.load32_splat offset=168 (i32.const 0)) (; k42 ;) (local.get $w42))) (v128.xor (v128.and (v128.xor (local.get $e40) (local.get $e39)) (local.get $x)) (local.get $e39))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e42 (i32x4.add (local.get $a38) (local.get $t)))
      (local.set $x (local.get $a41))
      (local.set $ab (v128.xor (local.get $x) (local.get $a40)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a40))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a42 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w43 = σ1(w41) + w36 + σ0(w28) + w27
      (local.set $x (local.get $w41))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w28))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w43 (i32x4.add (i32x4.add (local.get $s1) (local.get $w36)) (i32x4.add (local.get $s0) (local.get $w27))))
      ;; round 43
      (local.set $x (local.get $e42))
      (local.set $t (i32x4.add (i32x4.add (local.get $e39) (i32x4.add (v128.load32_splat offset=172 (i32.const 0)) (; k43 ;) (local.get $w43))) (v128.xor (v128.and (v128.xor (local.get $e41) (local.get $e40)) (local.get $x)) (local.get $e40))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e43 (i32x4.add (local.get $a39) (local.get $t)))
      (local.set $x (local.get $a42))
      (local.set $ab (v128.xor (local.get $x) (local.get $a41)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a41))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a43 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w44 = σ1(w42) + w37 + σ0(w29) + w28
      (local.set $x (local.get $w42))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w29))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w44 (i32x4.add (i32x4.add (local.get $s1) (local.get $w37)) (i32x4.add (local.get $s0) (local.get $w28))))
      ;; round 44
      (local.set $x (local.get $e43))
      (local.set $t (i32x4.add (i32x4.add (local.get $e40) (i32x4.add (v128.load32_splat offset=176 (i32.const 0)) (; k44 ;) (local.get $w44))) (v128.xor (v128.and (v128.xor (local.get $e42) (local.get $e41)) (local.get $x)) (local.get $e41))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e44 (i32x4.add (local.get $a40) (local.get $t)))
      (local.set $x (local.get $a43))
      (local.set $ab (v128.xor (local.get $x) (local.get $a42)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a42))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a44 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w45 = σ1(w43) + w38 + σ0(w30) + w29
      (local.set $x (local.get $w43))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w30))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w45 (i32x4.add (i32x4.add (local.get $s1) (local.get $w38)) (i32x4.add (local.get $s0) (local.get $w29))))
      ;; round 45
      (local.set $x (local.get $e44))
      (local.set $t (i32x4.add (i32x4.add (local.get $e41) (i32x4.add (v128.load32_splat offset=180 (i32.const 0)) (; k45 ;) (local.get $w45))) (v128.xor (v128.and (v128.xor (local.get $e43) (local.get $e42)) (local.get $x)) (local.get $e42))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e45 (i32x4.add (local.get $a41) (local.get $t)))
      (local.set $x (local.get $a44))
      (local.set $ab (v128.xor (local.get $x) (local.get $a43)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a43))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a45 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w46 = σ1(w44) + w39 + σ0(w31) + w30
      (local.set $x (local.get $w44))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w31))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w46 (i32x4.add (i32x4.add (local.get $s1) (local.get $w39)) (i32x4.add (local.get $s0) (local.get $w30))))
      ;; round 46
      (local.set $x (local.get $e45))
      (local.set $t (i32x4.add (i32x4.add (local.get $e42) (i32x4.add (v128.load32_splat offset=184 (i32.const 0)) (; k46 ;) (local.get $w46))) (v128.xor (v128.and (v128.xor (local.get $e44) (local.get $e43)) (local.get $x)) (local.get $e43))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e46 (i32x4.add (local.get $a42) (local.get $t)))
      (local.set $x (local.get $a45))
      (local.set $ab (v128.xor (local.get $x) (local.get $a44)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a44))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a46 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w47 = σ1(w45) + w40 + σ0(w32) + w31
      (local.set $x (local.get $w45))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w32))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w47 (i32x4.add (i32x4.add (local.get $s1) (local.get $w40)) (i32x4.add (local.get $s0) (local.get $w31))))
      ;; round 47
      (local.set $x (local.get $e46))
      (local.set $t (i32x4.add (i32x4.add (local.get $e43) (i32x4.add (v128.load32_splat offset=188 (i32.const 0)) (; k47 ;) (local.get $w47))) (v128.xor (v128.and (v128.xor (local.get $e45) (local.get $e44)) (local.get $x)) (local.get $e44))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e47 (i32x4.add (local.get $a43) (local.get $t)))
      (local.set $x (local.get $a46))
      (local.set $ab (v128.xor (local.get $x) (local.get $a45)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a45))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a47 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w48 = σ1(w46) + w41 + σ0(w33) + w32
      (local.set $x (local.get $w46))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w33))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w48 (i32x4.add (i32x4.add (local.get $s1) (local.get $w41)) (i32x4.add (local.get $s0) (local.get $w32))))
      ;; round 48
      (local.set $x (local.get $e47))
      (local.set $t (i32x4.add (i32x4.add (local.get $e44) (i32x4.add (v128.load32_splat offset=192 (i32.const 0)) (; k48 ;) (local.get $w48))) (v128.xor (v128.and (v128.xor (local.get $e46) (local.get $e45)) (local.get $x)) (local.get $e45))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e48 (i32x4.add (local.get $a44) (local.get $t)))
      (local.set $x (local.get $a47))
      (local.set $ab (v128.xor (local.get $x) (local.get $a46)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a46))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a48 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w49 = σ1(w47) + w42 + σ0(w34) + w33
      (local.set $x (local.get $w47))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w34))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w49 (i32x4.add (i32x4.add (local.get $s1) (local.get $w42)) (i32x4.add (local.get $s0) (local.get $w33))))
      ;; round 49
      (local.set $x (local.get $e48))
      (local.set $t (i32x4.add (i32x4.add (local.get $e45) (i32x4.add (v128.load32_splat offset=196 (i32.const 0)) (; k49 ;) (local.get $w49))) (v128.xor (v128.and (v128.xor (local.get $e47) (local.get $e46)) (local.get $x)) (local.get $e46))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e49 (i32x4.add (local.get $a45) (local.get $t)))
      (local.set $x (local.get $a48))
      (local.set $ab (v128.xor (local.get $x) (local.get $a47)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a47))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a49 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w50 = σ1(w48) + w43 + σ0(w35) + w34
      (local.set $x (local.get $w48))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w35))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w50 (i32x4.add (i32x4.add (local.get $s1) (local.get $w43)) (i32x4.add (local.get $s0) (local.get $w34))))
      ;; round 50
      (local.set $x (local.get $e49))
      (local.set $t (i32x4.add (i32x4.add (local.get $e46) (i32x4.add (v128.load32_splat offset=200 (i32.const 0)) (; k50 ;) (local.get $w50))) (v128.xor (v128.and (v128.xor (local.get $e48) (local.get $e47)) (local.get $x)) (local.get $e47))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e50 (i32x4.add (local.get $a46) (local.get $t)))
      (local.set $x (local.get $a49))
      (local.set $ab (v128.xor (local.get $x) (local.get $a48)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a48))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a50 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w51 = σ1(w49) + w44 + σ0(w36) + w35
      (local.set $x (local.get $w49))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w36))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w51 (i32x4.add (i32x4.add (local.get $s1) (local.get $w44)) (i32x4.add (local.get $s0) (local.get $w35))))
      ;; round 51
      (local.set $x (local.get $e50))
      (local.set $t (i32x4.add (i32x4.add (local.get $e47) (i32x4.add (v128.load32_splat offset=204 (i32.const 0)) (; k51 ;) (local.get $w51))) (v128.xor (v128.and (v128.xor (local.get $e49) (local.get $e48)) (local.get $x)) (local.get $e48))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e51 (i32x4.add (local.get $a47) (local.get $t)))
      (local.set $x (local.get $a50))
      (local.set $ab (v128.xor (local.get $x) (local.get $a49)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a49))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a51 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w52 = σ1(w50) + w45 + σ0(w37) + w36
      (local.set $x (local.get $w50))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w37))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w52 (i32x4.add (i32x4.add (local.get $s1) (local.get $w45)) (i32x4.add (local.get $s0) (local.get $w36))))
      ;; round 52
      (local.set $x (local.get $e51))
      (local.set $t (i32x4.add (i32x4.add (local.get $e48) (i32x4.add (v128.load32_splat offset=208 (i32.const 0)) (; k52 ;) (local.get $w52))) (v128.xor (v128.and (v128.xor (local.get $e50) (local.get $e49)) (local.get $x)) (local.get $e49))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e52 (i32x4.add (local.get $a48) (local.get $t)))
      (local.set $x (local.get $a51))
      (local.set $ab (v128.xor (local.get $x) (local.get $a50)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a50))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a52 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w53 = σ1(w51) + w46 + σ0(w38) + w37
      (local.set $x (local.get $w51))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w38))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w53 (i32x4.add (i32x4.add (local.get $s1) (local.get $w46)) (i32x4.add (local.get $s0) (local.get $w37))))
      ;; round 53
      (local.set $x (local.get $e52))
      (local.set $t (i32x4.add (i32x4.add (local.get $e49) (i32x4.add (v128.load32_splat offset=212 (i32.const 0)) (; k53 ;) (local.get $w53))) (v128.xor (v128.and (v128.xor (local.get $e51) (local.get $e50)) (local.get $x)) (local.get $e50))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e53 (i32x4.add (local.get $a49) (local.get $t)))
      (local.set $x (local.get $a52))
      (local.set $ab (v128.xor (local.get $x) (local.get $a51)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a51))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a53 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w54 = σ1(w52) + w47 + σ0(w39) + w38
      (local.set $x (local.get $w52))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w39))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w54 (i32x4.add (i32x4.add (local.get $s1) (local.get $w47)) (i32x4.add (local.get $s0) (local.get $w38))))
      ;; round 54
      (local.set $x (local.get $e53))
      (local.set $t (i32x4.add (i32x4.add (local.get $e50) (i32x4.add (v128.load32_splat offset=216 (i32.const 0)) (; k54 ;) (local.get $w54))) (v128.xor (v128.and (v128.xor (local.get $e52) (local.get $e51)) (local.get $x)) (local.get $e51))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e54 (i32x4.add (local.get $a50) (local.get $t)))
      (local.set $x (local.get $a53))
      (local.set $ab (v128.xor (local.get $x) (local.get $a52)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a52))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a54 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w55 = σ1(w53) + w48 + σ0(w40) + w39
      (local.set $x (local.get $w53))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w40))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w55 (i32x4.add (i32x4.add (local.get $s1) (local.get $w48)) (i32x4.add (local.get $s0) (local.get $w39))))
      ;; round 55
      (local.set $x (local.get $e54))
      (local.set $t (i32x4.add (i32x4.add (local.get $e51) (i32x4.add (v128.load32_splat offset=220 (i32.const 0)) (; k55 ;) (local.get $w55))) (v128.xor (v128.and (v128.xor (local.get $e53) (local.get $e52)) (local.get $x)) (local.get $e52))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e55 (i32x4.add (local.get $a51) (local.get $t)))
      (local.set $x (local.get $a54))
      (local.set $ab (v128.xor (local.get $x) (local.get $a53)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a53))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a55 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w56 = σ1(w54) + w49 + σ0(w41) + w40
      (local.set $x (local.get $w54))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w41))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w56 (i32x4.add (i32x4.add (local.get $s1) (local.get $w49)) (i32x4.add (local.get $s0) (local.get $w40))))
      ;; round 56
      (local.set $x (local.get $e55))
      (local.set $t (i32x4.add (i32x4.add (local.get $e52) (i32x4.add (v128.load32_splat offset=224 (i32.const 0)) (; k56 ;) (local.get $w56))) (v128.xor (v128.and (v128.xor (local.get $e54) (local.get $e53)) (local.get $x)) (local.get $e53))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e56 (i32x4.add (local.get $a52) (local.get $t)))
      (local.set $x (local.get $a55))
      (local.set $ab (v128.xor (local.get $x) (local.get $a54)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a54))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a56 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w57 = σ1(w55) + w50 + σ0(w42) + w41
      (local.set $x (local.get $w55))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w42))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w57 (i32x4.add (i32x4.add (local.get $s1) (local.get $w50)) (i32x4.add (local.get $s0) (local.get $w41))))
      ;; round 57
      (local.set $x (local.get $e56))
      (local.set $t (i32x4.add (i32x4.add (local.get $e53) (i32x4.add (v128.load32_splat offset=228 (i32.const 0)) (; k57 ;) (local.get $w57))) (v128.xor (v128.and (v128.xor (local.get $e55) (local.get $e54)) (local.get $x)) (local.get $e54))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e57 (i32x4.add (local.get $a53) (local.get $t)))
      (local.set $x (local.get $a56))
      (local.set $ab (v128.xor (local.get $x) (local.get $a55)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a55))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a57 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w58 = σ1(w56) + w51 + σ0(w43) + w42
      (local.set $x (local.get $w56))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w43))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w58 (i32x4.add (i32x4.add (local.get $s1) (local.get $w51)) (i32x4.add (local.get $s0) (local.get $w42))))
      ;; round 58
      (local.set $x (local.get $e57))
      (local.set $t (i32x4.add (i32x4.add (local.get $e54) (i32x4.add (v128.load32_splat offset=232 (i32.const 0)) (; k58 ;) (local.get $w58))) (v128.xor (v128.and (v128.xor (local.get $e56) (local.get $e55)) (local.get $x)) (local.get $e55))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e58 (i32x4.add (local.get $a54) (local.get $t)))
      (local.set $x (local.get $a57))
      (local.set $ab (v128.xor (local.get $x) (local.get $a56)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a56))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a58 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w59 = σ1(w57) + w52 + σ0(w44) + w43
      (local.set $x (local.get $w57))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w44))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w59 (i32x4.add (i32x4.add (local.get $s1) (local.get $w52)) (i32x4.add (local.get $s0) (local.get $w43))))
      ;; round 59
      (local.set $x (local.get $e58))
      (local.set $t (i32x4.add (i32x4.add (local.get $e55) (i32x4.add (v128.load32_splat offset=236 (i32.const 0)) (; k59 ;) (local.get $w59))) (v128.xor (v128.and (v128.xor (local.get $e57) (local.get $e56)) (local.get $x)) (local.get $e56))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e59 (i32x4.add (local.get $a55) (local.get $t)))
      (local.set $x (local.get $a58))
      (local.set $ab (v128.xor (local.get $x) (local.get $a57)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a57))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a59 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w60 = σ1(w58) + w53 + σ0(w45) + w44
      (local.set $x (local.get $w58))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w45))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w60 (i32x4.add (i32x4.add (local.get $s1) (local.get $w53)) (i32x4.add (local.get $s0) (local.get $w44))))
      ;; round 60
      (local.set $x (local.get $e59))
      (local.set $t (i32x4.add (i32x4.add (local.get $e56) (i32x4.add (v128.load32_splat offset=240 (i32.const 0)) (; k60 ;) (local.get $w60))) (v128.xor (v128.and (v128.xor (local.get $e58) (local.get $e57)) (local.get $x)) (local.get $e57))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e60 (i32x4.add (local.get $a56) (local.get $t)))
      (local.set $x (local.get $a59))
      (local.set $ab (v128.xor (local.get $x) (local.get $a58)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a58))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a60 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w61 = σ1(w59) + w54 + σ0(w46) + w45
      (local.set $x (local.get $w59))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w46))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w61 (i32x4.add (i32x4.add (local.get $s1) (local.get $w54)) (i32x4.add (local.get $s0) (local.get $w45))))
      ;; round 61
      (local.set $x (local.get $e60))
      (local.set $t (i32x4.add (i32x4.add (local.get $e57) (i32x4.add (v128.load32_splat offset=244 (i32.const 0)) (; k61 ;) (local.get $w61))) (v128.xor (v128.and (v128.xor (local.get $e59) (local.get $e58)) (local.get $x)) (local.get $e58))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e61 (i32x4.add (local.get $a57) (local.get $t)))
      (local.set $x (local.get $a60))
      (local.set $ab (v128.xor (local.get $x) (local.get $a59)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a59))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a61 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w62 = σ1(w60) + w55 + σ0(w47) + w46
      (local.set $x (local.get $w60))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w47))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w62 (i32x4.add (i32x4.add (local.get $s1) (local.get $w55)) (i32x4.add (local.get $s0) (local.get $w46))))
      ;; round 62
      (local.set $x (local.get $e61))
      (local.set $t (i32x4.add (i32x4.add (local.get $e58) (i32x4.add (v128.load32_splat offset=248 (i32.const 0)) (; k62 ;) (local.get $w62))) (v128.xor (v128.and (v128.xor (local.get $e60) (local.get $e59)) (local.get $x)) (local.get $e59))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e62 (i32x4.add (local.get $a58) (local.get $t)))
      (local.set $x (local.get $a61))
      (local.set $ab (v128.xor (local.get $x) (local.get $a60)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a60))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a62 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; w63 = σ1(w61) + w56 + σ0(w48) + w47
      (local.set $x (local.get $w61))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $w48))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $w63 (i32x4.add (i32x4.add (local.get $s1) (local.get $w56)) (i32x4.add (local.get $s0) (local.get $w47))))
      ;; round 63
      (local.set $x (local.get $e62))
      (local.set $t (i32x4.add (i32x4.add (local.get $e59) (i32x4.add (v128.load32_splat offset=252 (i32.const 0)) (; k63 ;) (local.get $w63))) (v128.xor (v128.and (v128.xor (local.get $e61) (local.get $e60)) (local.get $x)) (local.get $e60))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $e63 (i32x4.add (local.get $a59) (local.get $t)))
      (local.set $x (local.get $a62))
      (local.set $ab (v128.xor (local.get $x) (local.get $a61)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $a61))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $a63 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; The first hash: the midstate plus the working variables, the second hash's words 0..7.
      (local.set $v0 (i32x4.add (v128.load32_splat offset=256 (i32.const 0)) (; mid0 ;) (local.get $a63)))
      (local.set $v1 (i32x4.add (v128.load32_splat offset=260 (i32.const 0)) (; mid1 ;) (local.get $a62)))
      (local.set $v2 (i32x4.add (v128.load32_splat offset=264 (i32.const 0)) (; mid2 ;) (local.get $a61)))
      (local.set $v3 (i32x4.add (v128.load32_splat offset=268 (i32.const 0)) (; mid3 ;) (local.get $a60)))
      (local.set $v4 (i32x4.add (v128.load32_splat offset=272 (i32.const 0)) (; mid4 ;) (local.get $e63)))
      (local.set $v5 (i32x4.add (v128.load32_splat offset=276 (i32.const 0)) (; mid5 ;) (local.get $e62)))
      (local.set $v6 (i32x4.add (v128.load32_splat offset=280 (i32.const 0)) (; mid6 ;) (local.get $e61)))
      (local.set $v7 (i32x4.add (v128.load32_splat offset=284 (i32.const 0)) (; mid7 ;) (local.get $e60)))
      ;; ==== Second hash: one block, the 32-byte first hash then padding (v8 = 0x80000000,
      ;; v15 = 256, the rest 0), from the initial value.
      ;; Schedule words 16..31 with the padding words folded in.
      ;; v16 = σ1(v14) + v9 + σ0(v1) + v0 = σ0(v1) + v0
      (local.set $x (local.get $v1))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v16 (i32x4.add (local.get $s0) (local.get $v0)))
      ;; v17 = σ1(v15) + v10 + σ0(v2) + v1 = σ0(v2) + v1 + σ1(256)
      (local.set $x (local.get $v2))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v17 (i32x4.add (i32x4.add (local.get $s0) (local.get $v1)) (v128.load32_splat offset=484 (i32.const 0)) (; s1_len256 ;)))
      ;; v18 = σ1(v16) + v11 + σ0(v3) + v2 = σ1(v16) + σ0(v3) + v2, and so to v21
      (local.set $x (local.get $v16))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v3))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v18 (i32x4.add (i32x4.add (local.get $s1) (local.get $s0)) (local.get $v2)))
      (local.set $x (local.get $v17))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v4))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v19 (i32x4.add (i32x4.add (local.get $s1) (local.get $s0)) (local.get $v3)))
      (local.set $x (local.get $v18))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v5))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v20 (i32x4.add (i32x4.add (local.get $s1) (local.get $s0)) (local.get $v4)))
      (local.set $x (local.get $v19))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v6))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v21 (i32x4.add (i32x4.add (local.get $s1) (local.get $s0)) (local.get $v5)))
      ;; v22 = σ1(v20) + v15 + σ0(v7) + v6
      (local.set $x (local.get $v20))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v7))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v22 (i32x4.add (i32x4.add (local.get $s1) (local.get $s0)) (i32x4.add (local.get $v6) (v128.load32_splat offset=440 (i32.const 0)) (; len256 ;))))
      ;; v23 = σ1(v21) + v16 + σ0(v8) + v7
      (local.set $x (local.get $v21))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $v23 (i32x4.add (i32x4.add (local.get $s1) (local.get $v16)) (i32x4.add (local.get $v7) (v128.load32_splat offset=488 (i32.const 0)) (; s0_pad80 ;))))
      ;; v24 = σ1(v22) + v17 + σ0(v9) + v8 = σ1(v22) + v17 + 0x80000000
      (local.set $x (local.get $v22))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $v24 (i32x4.add (i32x4.add (local.get $s1) (local.get $v17)) (v128.load32_splat offset=432 (i32.const 0)) (; pad80 ;)))
      ;; v25 = σ1(v23) + v18 + σ0(v10) + v9 = σ1(v23) + v18
      (local.set $x (local.get $v23))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $v25 (i32x4.add (local.get $s1) (local.get $v18)))
      ;; v26 = σ1(v24) + v19 + σ0(v11) + v10 = σ1(v24) + v19
      (local.set $x (local.get $v24))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $v26 (i32x4.add (local.get $s1) (local.get $v19)))
      ;; v27 = σ1(v25) + v20 + σ0(v12) + v11 = σ1(v25) + v20
      (local.set $x (local.get $v25))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $v27 (i32x4.add (local.get $s1) (local.get $v20)))
      ;; v28 = σ1(v26) + v21 + σ0(v13) + v12 = σ1(v26) + v21
      (local.set $x (local.get $v26))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $v28 (i32x4.add (local.get $s1) (local.get $v21)))
      ;; v29 = σ1(v27) + v22 + σ0(v14) + v13 = σ1(v27) + v22
      (local.set $x (local.get $v27))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $v29 (i32x4.add (local.get $s1) (local.get $v22)))
      ;; v30 = σ1(v28) + v23 + σ0(v15) + v14
      (local.set $x (local.get $v28))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $v30 (i32x4.add (i32x4.add (local.get $s1) (local.get $v23)) (v128.load32_splat offset=492 (i32.const 0)) (; s0_len256 ;)))
      ;; v31 = σ1(v29) + v24 + σ0(v16) + v15
      (local.set $x (local.get $v29))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v16))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v31 (i32x4.add (i32x4.add (local.get $s1) (local.get $v24)) (i32x4.add (local.get $s0) (v128.load32_splat offset=440 (i32.const 0)) (; len256 ;))))
      ;; Round 0: everything but v0 is the initial value.
      (local.set $A0 (i32x4.add (v128.load32_splat offset=444 (i32.const 0)) (; A0_base ;) (local.get $v0)))
      (local.set $E0 (i32x4.add (v128.load32_splat offset=448 (i32.const 0)) (; E0_base ;) (local.get $v0)))
      ;; round 1
      (local.set $x (local.get $E0))
      (local.set $t (i32x4.add (i32x4.add (v128.load32_splat offset=312 (i32.const 0)) (; iv6 ;) (i32x4.add (v128.load32_splat offset=4 (i32.const 0)) (; k1 ;) (local.get $v1))) (v128.xor (v128.and (v128.xor (v128.load32_splat offset=304 (i32.const 0)) (; iv4 ;) (v128.load32_splat offset=308 (i32.const 0)) (; iv5 ;)) (local.get $x)) (v128.load32_splat offset=308 (i32.const 0)) (; iv5 ;))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E1 (i32x4.add (v128.load32_splat offset=296 (i32.const 0)) (; iv2 ;) (local.get $t)))
      (local.set $x (local.get $A0))
      (local.set $ab (v128.xor (local.get $x) (v128.load32_splat offset=288 (i32.const 0)) (; iv0 ;)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (v128.xor (v128.load32_splat offset=288 (i32.const 0)) (; iv0 ;) (v128.load32_splat offset=292 (i32.const 0)) (; iv1 ;))) (v128.load32_splat offset=288 (i32.const 0)) (; iv0 ;))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A1 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 2
      (local.set $x (local.get $E1))
      (local.set $t (i32x4.add (i32x4.add (v128.load32_splat offset=308 (i32.const 0)) (; iv5 ;) (i32x4.add (v128.load32_splat offset=8 (i32.const 0)) (; k2 ;) (local.get $v2))) (v128.xor (v128.and (v128.xor (local.get $E0) (v128.load32_splat offset=304 (i32.const 0)) (; iv4 ;)) (local.get $x)) (v128.load32_splat offset=304 (i32.const 0)) (; iv4 ;))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E2 (i32x4.add (v128.load32_splat offset=292 (i32.const 0)) (; iv1 ;) (local.get $t)))
      (local.set $x (local.get $A1))
      (local.set $ab (v128.xor (local.get $x) (local.get $A0)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A0))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A2 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 3
      (local.set $x (local.get $E2))
      (local.set $t (i32x4.add (i32x4.add (v128.load32_splat offset=304 (i32.const 0)) (; iv4 ;) (i32x4.add (v128.load32_splat offset=12 (i32.const 0)) (; k3 ;) (local.get $v3))) (v128.xor (v128.and (v128.xor (local.get $E1) (local.get $E0)) (local.get $x)) (local.get $E0))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E3 (i32x4.add (v128.load32_splat offset=288 (i32.const 0)) (; iv0 ;) (local.get $t)))
      (local.set $x (local.get $A2))
      (local.set $ab (v128.xor (local.get $x) (local.get $A1)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A1))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A3 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 4
      (local.set $x (local.get $E3))
      (local.set $t (i32x4.add (i32x4.add (local.get $E0) (i32x4.add (v128.load32_splat offset=16 (i32.const 0)) (; k4 ;) (local.get $v4))) (v128.xor (v128.and (v128.xor (local.get $E2) (local.get $E1)) (local.get $x)) (local.get $E1))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E4 (i32x4.add (local.get $A0) (local.get $t)))
      (local.set $x (local.get $A3))
      (local.set $ab (v128.xor (local.get $x) (local.get $A2)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A2))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A4 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 5
      (local.set $x (local.get $E4))
      (local.set $t (i32x4.add (i32x4.add (local.get $E1) (i32x4.add (v128.load32_splat offset=20 (i32.const 0)) (; k5 ;) (local.get $v5))) (v128.xor (v128.and (v128.xor (local.get $E3) (local.get $E2)) (local.get $x)) (local.get $E2))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E5 (i32x4.add (local.get $A1) (local.get $t)))
      (local.set $x (local.get $A4))
      (local.set $ab (v128.xor (local.get $x) (local.get $A3)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A3))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A5 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 6
      (local.set $x (local.get $E5))
      (local.set $t (i32x4.add (i32x4.add (local.get $E2) (i32x4.add (v128.load32_splat offset=24 (i32.const 0)) (; k6 ;) (local.get $v6))) (v128.xor (v128.and (v128.xor (local.get $E4) (local.get $E3)) (local.get $x)) (local.get $E3))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E6 (i32x4.add (local.get $A2) (local.get $t)))
      (local.set $x (local.get $A5))
      (local.set $ab (v128.xor (local.get $x) (local.get $A4)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A4))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A6 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 7
      (local.set $x (local.get $E6))
      (local.set $t (i32x4.add (i32x4.add (local.get $E3) (i32x4.add (v128.load32_splat offset=28 (i32.const 0)) (; k7 ;) (local.get $v7))) (v128.xor (v128.and (v128.xor (local.get $E5) (local.get $E4)) (local.get $x)) (local.get $E4))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E7 (i32x4.add (local.get $A3) (local.get $t)))
      (local.set $x (local.get $A6))
      (local.set $ab (v128.xor (local.get $x) (local.get $A5)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A5))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A7 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 8
      (local.set $x (local.get $E7))
      (local.set $t (i32x4.add (i32x4.add (local.get $E4) (v128.load32_splat offset=452 (i32.const 0)) (; kv8 ;)) (v128.xor (v128.and (v128.xor (local.get $E6) (local.get $E5)) (local.get $x)) (local.get $E5))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E8 (i32x4.add (local.get $A4) (local.get $t)))
      (local.set $x (local.get $A7))
      (local.set $ab (v128.xor (local.get $x) (local.get $A6)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A6))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A8 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 9
      (local.set $x (local.get $E8))
      (local.set $t (i32x4.add (i32x4.add (local.get $E5) (v128.load32_splat offset=456 (i32.const 0)) (; kv9 ;)) (v128.xor (v128.and (v128.xor (local.get $E7) (local.get $E6)) (local.get $x)) (local.get $E6))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E9 (i32x4.add (local.get $A5) (local.get $t)))
      (local.set $x (local.get $A8))
      (local.set $ab (v128.xor (local.get $x) (local.get $A7)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A7))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A9 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 10
      (local.set $x (local.get $E9))
      (local.set $t (i32x4.add (i32x4.add (local.get $E6) (v128.load32_splat offset=460 (i32.const 0)) (; kv10 ;)) (v128.xor (v128.and (v128.xor (local.get $E8) (local.get $E7)) (local.get $x)) (local.get $E7))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E10 (i32x4.add (local.get $A6) (local.get $t)))
      (local.set $x (local.get $A9))
      (local.set $ab (v128.xor (local.get $x) (local.get $A8)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A8))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A10 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 11
      (local.set $x (local.get $E10))
      (local.set $t (i32x4.add (i32x4.add (local.get $E7) (v128.load32_splat offset=464 (i32.const 0)) (; kv11 ;)) (v128.xor (v128.and (v128.xor (local.get $E9) (local.get $E8)) (local.get $x)) (local.get $E8))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E11 (i32x4.add (local.get $A7) (local.get $t)))
      (local.set $x (local.get $A10))
      (local.set $ab (v128.xor (local.get $x) (local.get $A9)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A9))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A11 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 12
      (local.set $x (local.get $E11))
      (local.set $t (i32x4.add (i32x4.add (local.get $E8) (v128.load32_splat offset=468 (i32.const 0)) (; kv12 ;)) (v128.xor (v128.and (v128.xor (local.get $E10) (local.get $E9)) (local.get $x)) (local.get $E9))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E12 (i32x4.add (local.get $A8) (local.get $t)))
      (local.set $x (local.get $A11))
      (local.set $ab (v128.xor (local.get $x) (local.get $A10)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A10))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A12 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 13
      (local.set $x (local.get $E12))
      (local.set $t (i32x4.add (i32x4.add (local.get $E9) (v128.load32_splat offset=472 (i32.const 0)) (; kv13 ;)) (v128.xor (v128.and (v128.xor (local.get $E11) (local.get $E10)) (local.get $x)) (local.get $E10))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E13 (i32x4.add (local.get $A9) (local.get $t)))
      (local.set $x (local.get $A12))
      (local.set $ab (v128.xor (local.get $x) (local.get $A11)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A11))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A13 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 14
      (local.set $x (local.get $E13))
      (local.set $t (i32x4.add (i32x4.add (local.get $E10) (v128.load32_splat offset=476 (i32.const 0)) (; kv14 ;)) (v128.xor (v128.and (v128.xor (local.get $E12) (local.get $E11)) (local.get $x)) (local.get $E11))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E14 (i32x4.add (local.get $A10) (local.get $t)))
      (local.set $x (local.get $A13))
      (local.set $ab (v128.xor (local.get $x) (local.get $A12)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A12))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A14 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 15
      (local.set $x (local.get $E14))
      (local.set $t (i32x4.add (i32x4.add (local.get $E11) (v128.load32_splat offset=480 (i32.const 0)) (; kv15 ;)) (v128.xor (v128.and (v128.xor (local.get $E13) (local.get $E12)) (local.get $x)) (local.get $E12))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E15 (i32x4.add (local.get $A11) (local.get $t)))
      (local.set $x (local.get $A14))
      (local.set $ab (v128.xor (local.get $x) (local.get $A13)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A13))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A15 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 16
      (local.set $x (local.get $E15))
      (local.set $t (i32x4.add (i32x4.add (local.get $E12) (i32x4.add (v128.load32_splat offset=64 (i32.const 0)) (; k16 ;) (local.get $v16))) (v128.xor (v128.and (v128.xor (local.get $E14) (local.get $E13)) (local.get $x)) (local.get $E13))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E16 (i32x4.add (local.get $A12) (local.get $t)))
      (local.set $x (local.get $A15))
      (local.set $ab (v128.xor (local.get $x) (local.get $A14)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A14))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A16 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 17
      (local.set $x (local.get $E16))
      (local.set $t (i32x4.add (i32x4.add (local.get $E13) (i32x4.add (v128.load32_splat offset=68 (i32.const 0)) (; k17 ;) (local.get $v17))) (v128.xor (v128.and (v128.xor (local.get $E15) (local.get $E14)) (local.get $x)) (local.get $E14))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E17 (i32x4.add (local.get $A13) (local.get $t)))
      (local.set $x (local.get $A16))
      (local.set $ab (v128.xor (local.get $x) (local.get $A15)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A15))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A17 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 18
      (local.set $x (local.get $E17))
      (local.set $t (i32x4.add (i32x4.add (local.get $E14) (i32x4.add (v128.load32_splat offset=72 (i32.const 0)) (; k18 ;) (local.get $v18))) (v128.xor (v128.and (v128.xor (local.get $E16) (local.get $E15)) (local.get $x)) (local.get $E15))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E18 (i32x4.add (local.get $A14) (local.get $t)))
      (local.set $x (local.get $A17))
      (local.set $ab (v128.xor (local.get $x) (local.get $A16)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A16))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A18 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 19
      (local.set $x (local.get $E18))
      (local.set $t (i32x4.add (i32x4.add (local.get $E15) (i32x4.add (v128.load32_splat offset=76 (i32.const 0)) (; k19 ;) (local.get $v19))) (v128.xor (v128.and (v128.xor (local.get $E17) (local.get $E16)) (local.get $x)) (local.get $E16))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E19 (i32x4.add (local.get $A15) (local.get $t)))
      (local.set $x (local.get $A18))
      (local.set $ab (v128.xor (local.get $x) (local.get $A17)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A17))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A19 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 20
      (local.set $x (local.get $E19))
      (local.set $t (i32x4.add (i32x4.add (local.get $E16) (i32x4.add (v128.load32_splat offset=80 (i32.const 0)) (; k20 ;) (local.get $v20))) (v128.xor (v128.and (v128.xor (local.get $E18) (local.get $E17)) (local.get $x)) (local.get $E17))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E20 (i32x4.add (local.get $A16) (local.get $t)))
      (local.set $x (local.get $A19))
      (local.set $ab (v128.xor (local.get $x) (local.get $A18)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A18))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A20 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 21
      (local.set $x (local.get $E20))
      (local.set $t (i32x4.add (i32x4.add (local.get $E17) (i32x4.add (v128.load32_splat offset=84 (i32.const 0)) (; k21 ;) (local.get $v21))) (v128.xor (v128.and (v128.xor (local.get $E19) (local.get $E18)) (local.get $x)) (local.get $E18))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E21 (i32x4.add (local.get $A17) (local.get $t)))
      (local.set $x (local.get $A20))
      (local.set $ab (v128.xor (local.get $x) (local.get $A19)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A19))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A21 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 22
      (local.set $x (local.get $E21))
      (local.set $t (i32x4.add (i32x4.add (local.get $E18) (i32x4.add (v128.load32_splat offset=88 (i32.const 0)) (; k22 ;) (local.get $v22))) (v128.xor (v128.and (v128.xor (local.get $E20) (local.get $E19)) (local.get $x)) (local.get $E19))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E22 (i32x4.add (local.get $A18) (local.get $t)))
      (local.set $x (local.get $A21))
      (local.set $ab (v128.xor (local.get $x) (local.get $A20)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A20))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A22 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 23
      (local.set $x (local.get $E22))
      (local.set $t (i32x4.add (i32x4.add (local.get $E19) (i32x4.add (v128.load32_splat offset=92 (i32.const 0)) (; k23 ;) (local.get $v23))) (v128.xor (v128.and (v128.xor (local.get $E21) (local.get $E20)) (local.get $x)) (local.get $E20))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E23 (i32x4.add (local.get $A19) (local.get $t)))
      (local.set $x (local.get $A22))
      (local.set $ab (v128.xor (local.get $x) (local.get $A21)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A21))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A23 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 24
      (local.set $x (local.get $E23))
      (local.set $t (i32x4.add (i32x4.add (local.get $E20) (i32x4.add (v128.load32_splat offset=96 (i32.const 0)) (; k24 ;) (local.get $v24))) (v128.xor (v128.and (v128.xor (local.get $E22) (local.get $E21)) (local.get $x)) (local.get $E21))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E24 (i32x4.add (local.get $A20) (local.get $t)))
      (local.set $x (local.get $A23))
      (local.set $ab (v128.xor (local.get $x) (local.get $A22)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A22))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A24 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 25
      (local.set $x (local.get $E24))
      (local.set $t (i32x4.add (i32x4.add (local.get $E21) (i32x4.add (v128.load32_splat offset=100 (i32.const 0)) (; k25 ;) (local.get $v25))) (v128.xor (v128.and (v128.xor (local.get $E23) (local.get $E22)) (local.get $x)) (local.get $E22))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E25 (i32x4.add (local.get $A21) (local.get $t)))
      (local.set $x (local.get $A24))
      (local.set $ab (v128.xor (local.get $x) (local.get $A23)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A23))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A25 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 26
      (local.set $x (local.get $E25))
      (local.set $t (i32x4.add (i32x4.add (local.get $E22) (i32x4.add (v128.load32_splat offset=104 (i32.const 0)) (; k26 ;) (local.get $v26))) (v128.xor (v128.and (v128.xor (local.get $E24) (local.get $E23)) (local.get $x)) (local.get $E23))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E26 (i32x4.add (local.get $A22) (local.get $t)))
      (local.set $x (local.get $A25))
      (local.set $ab (v128.xor (local.get $x) (local.get $A24)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A24))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A26 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 27
      (local.set $x (local.get $E26))
      (local.set $t (i32x4.add (i32x4.add (local.get $E23) (i32x4.add (v128.load32_splat offset=108 (i32.const 0)) (; k27 ;) (local.get $v27))) (v128.xor (v128.and (v128.xor (local.get $E25) (local.get $E24)) (local.get $x)) (local.get $E24))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E27 (i32x4.add (local.get $A23) (local.get $t)))
      (local.set $x (local.get $A26))
      (local.set $ab (v128.xor (local.get $x) (local.get $A25)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A25))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A27 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 28
      (local.set $x (local.get $E27))
      (local.set $t (i32x4.add (i32x4.add (local.get $E24) (i32x4.add (v128.load32_splat offset=112 (i32.const 0)) (; k28 ;) (local.get $v28))) (v128.xor (v128.and (v128.xor (local.get $E26) (local.get $E25)) (local.get $x)) (local.get $E25))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E28 (i32x4.add (local.get $A24) (local.get $t)))
      (local.set $x (local.get $A27))
      (local.set $ab (v128.xor (local.get $x) (local.get $A26)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A26))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A28 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 29
      (local.set $x (local.get $E28))
      (local.set $t (i32x4.add (i32x4.add (local.get $E25) (i32x4.add (v128.load32_splat offset=116 (i32.const 0)) (; k29 ;) (local.get $v29))) (v128.xor (v128.and (v128.xor (local.get $E27) (local.get $E26)) (local.get $x)) (local.get $E26))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E29 (i32x4.add (local.get $A25) (local.get $t)))
      (local.set $x (local.get $A28))
      (local.set $ab (v128.xor (local.get $x) (local.get $A27)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A27))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A29 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 30
      (local.set $x (local.get $E29))
      (local.set $t (i32x4.add (i32x4.add (local.get $E26) (i32x4.add (v128.load32_splat offset=120 (i32.const 0)) (; k30 ;) (local.get $v30))) (v128.xor (v128.and (v128.xor (local.get $E28) (local.get $E27)) (local.get $x)) (local.get $E27))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E30 (i32x4.add (local.get $A26) (local.get $t)))
      (local.set $x (local.get $A29))
      (local.set $ab (v128.xor (local.get $x) (local.get $A28)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A28))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A30 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; round 31
      (local.set $x (local.get $E30))
      (local.set $t (i32x4.add (i32x4.add (local.get $E27) (i32x4.add (v128.load32_splat offset=124 (i32.const 0)) (; k31 ;) (local.get $v31))) (v128.xor (v128.and (v128.xor (local.get $E29) (local.get $E28)) (local.get $x)) (local.get $E28))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E31 (i32x4.add (local.get $A27) (local.get $t)))
      (local.set $x (local.get $A30))
      (local.set $ab (v128.xor (local.get $x) (local.get $A29)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A29))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A31 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v32 = σ1(v30) + v25 + σ0(v17) + v16
      (local.set $x (local.get $v30))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v17))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v32 (i32x4.add (i32x4.add (local.get $s1) (local.get $v25)) (i32x4.add (local.get $s0) (local.get $v16))))
      ;; round 32
      (local.set $x (local.get $E31))
      (local.set $t (i32x4.add (i32x4.add (local.get $E28) (i32x4.add (v128.load32_splat offset=128 (i32.const 0)) (; k32 ;) (local.get $v32))) (v128.xor (v128.and (v128.xor (local.get $E30) (local.get $E29)) (local.get $x)) (local.get $E29))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E32 (i32x4.add (local.get $A28) (local.get $t)))
      (local.set $x (local.get $A31))
      (local.set $ab (v128.xor (local.get $x) (local.get $A30)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A30))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A32 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v33 = σ1(v31) + v26 + σ0(v18) + v17
      (local.set $x (local.get $v31))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v18))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v33 (i32x4.add (i32x4.add (local.get $s1) (local.get $v26)) (i32x4.add (local.get $s0) (local.get $v17))))
      ;; round 33
      (local.set $x (local.get $E32))
      (local.set $t (i32x4.add (i32x4.add (local.get $E29) (i32x4.add (v128.load32_splat offset=132 (i32.const 0)) (; k33 ;) (local.get $v33))) (v128.xor (v128.and (v128.xor (local.get $E31) (local.get $E30)) (local.get $x)) (local.get $E30))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E33 (i32x4.add (local.get $A29) (local.get $t)))
      (local.set $x (local.get $A32))
      (local.set $ab (v128.xor (local.get $x) (local.get $A31)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A31))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A33 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v34 = σ1(v32) + v27 + σ0(v19) + v18
      (local.set $x (local.get $v32))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v19))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v34 (i32x4.add (i32x4.add (local.get $s1) (local.get $v27)) (i32x4.add (local.get $s0) (local.get $v18))))
      ;; round 34
      (local.set $x (local.get $E33))
      (local.set $t (i32x4.add (i32x4.add (local.get $E30) (i32x4.add (v128.load32_splat offset=136 (i32.const 0)) (; k34 ;) (local.get $v34))) (v128.xor (v128.and (v128.xor (local.get $E32) (local.get $E31)) (local.get $x)) (local.get $E31))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E34 (i32x4.add (local.get $A30) (local.get $t)))
      (local.set $x (local.get $A33))
      (local.set $ab (v128.xor (local.get $x) (local.get $A32)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A32))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A34 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v35 = σ1(v33) + v28 + σ0(v20) + v19
      (local.set $x (local.get $v33))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v20))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v35 (i32x4.add (i32x4.add (local.get $s1) (local.get $v28)) (i32x4.add (local.get $s0) (local.get $v19))))
      ;; round 35
      (local.set $x (local.get $E34))
      (local.set $t (i32x4.add (i32x4.add (local.get $E31) (i32x4.add (v128.load32_splat offset=140 (i32.const 0)) (; k35 ;) (local.get $v35))) (v128.xor (v128.and (v128.xor (local.get $E33) (local.get $E32)) (local.get $x)) (local.get $E32))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E35 (i32x4.add (local.get $A31) (local.get $t)))
      (local.set $x (local.get $A34))
      (local.set $ab (v128.xor (local.get $x) (local.get $A33)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A33))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A35 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v36 = σ1(v34) + v29 + σ0(v21) + v20
      (local.set $x (local.get $v34))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v21))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v36 (i32x4.add (i32x4.add (local.get $s1) (local.get $v29)) (i32x4.add (local.get $s0) (local.get $v20))))
      ;; round 36
      (local.set $x (local.get $E35))
      (local.set $t (i32x4.add (i32x4.add (local.get $E32) (i32x4.add (v128.load32_splat offset=144 (i32.const 0)) (; k36 ;) (local.get $v36))) (v128.xor (v128.and (v128.xor (local.get $E34) (local.get $E33)) (local.get $x)) (local.get $E33))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E36 (i32x4.add (local.get $A32) (local.get $t)))
      (local.set $x (local.get $A35))
      (local.set $ab (v128.xor (local.get $x) (local.get $A34)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A34))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A36 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v37 = σ1(v35) + v30 + σ0(v22) + v21
      (local.set $x (local.get $v35))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v22))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v37 (i32x4.add (i32x4.add (local.get $s1) (local.get $v30)) (i32x4.add (local.get $s0) (local.get $v21))))
      ;; round 37
      (local.set $x (local.get $E36))
      (local.set $t (i32x4.add (i32x4.add (local.get $E33) (i32x4.add (v128.load32_splat offset=148 (i32.const 0)) (; k37 ;) (local.get $v37))) (v128.xor (v128.and (v128.xor (local.get $E35) (local.get $E34)) (local.get $x)) (local.get $E34))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E37 (i32x4.add (local.get $A33) (local.get $t)))
      (local.set $x (local.get $A36))
      (local.set $ab (v128.xor (local.get $x) (local.get $A35)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A35))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A37 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v38 = σ1(v36) + v31 + σ0(v23) + v22
      (local.set $x (local.get $v36))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v23))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v38 (i32x4.add (i32x4.add (local.get $s1) (local.get $v31)) (i32x4.add (local.get $s0) (local.get $v22))))
      ;; round 38
      (local.set $x (local.get $E37))
      (local.set $t (i32x4.add (i32x4.add (local.get $E34) (i32x4.add (v128.load32_splat offset=152 (i32.const 0)) (; k38 ;) (local.get $v38))) (v128.xor (v128.and (v128.xor (local.get $E36) (local.get $E35)) (local.get $x)) (local.get $E35))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E38 (i32x4.add (local.get $A34) (local.get $t)))
      (local.set $x (local.get $A37))
      (local.set $ab (v128.xor (local.get $x) (local.get $A36)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A36))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A38 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v39 = σ1(v37) + v32 + σ0(v24) + v23
      (local.set $x (local.get $v37))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v24))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v39 (i32x4.add (i32x4.add (local.get $s1) (local.get $v32)) (i32x4.add (local.get $s0) (local.get $v23))))
      ;; round 39
      (local.set $x (local.get $E38))
      (local.set $t (i32x4.add (i32x4.add (local.get $E35) (i32x4.add (v128.load32_splat offset=156 (i32.const 0)) (; k39 ;) (local.get $v39))) (v128.xor (v128.and (v128.xor (local.get $E37) (local.get $E36)) (local.get $x)) (local.get $E36))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E39 (i32x4.add (local.get $A35) (local.get $t)))
      (local.set $x (local.get $A38))
      (local.set $ab (v128.xor (local.get $x) (local.get $A37)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A37))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A39 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v40 = σ1(v38) + v33 + σ0(v25) + v24
      (local.set $x (local.get $v38))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v25))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v40 (i32x4.add (i32x4.add (local.get $s1) (local.get $v33)) (i32x4.add (local.get $s0) (local.get $v24))))
      ;; round 40
      (local.set $x (local.get $E39))
      (local.set $t (i32x4.add (i32x4.add (local.get $E36) (i32x4.add (v128.load32_splat offset=160 (i32.const 0)) (; k40 ;) (local.get $v40))) (v128.xor (v128.and (v128.xor (local.get $E38) (local.get $E37)) (local.get $x)) (local.get $E37))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E40 (i32x4.add (local.get $A36) (local.get $t)))
      (local.set $x (local.get $A39))
      (local.set $ab (v128.xor (local.get $x) (local.get $A38)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A38))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A40 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v41 = σ1(v39) + v34 + σ0(v26) + v25
      (local.set $x (local.get $v39))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v26))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v41 (i32x4.add (i32x4.add (local.get $s1) (local.get $v34)) (i32x4.add (local.get $s0) (local.get $v25))))
      ;; round 41
      (local.set $x (local.get $E40))
      (local.set $t (i32x4.add (i32x4.add (local.get $E37) (i32x4.add (v128.load32_splat offset=164 (i32.const 0)) (; k41 ;) (local.get $v41))) (v128.xor (v128.and (v128.xor (local.get $E39) (local.get $E38)) (local.get $x)) (local.get $E38))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E41 (i32x4.add (local.get $A37) (local.get $t)))
      (local.set $x (local.get $A40))
      (local.set $ab (v128.xor (local.get $x) (local.get $A39)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A39))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A41 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v42 = σ1(v40) + v35 + σ0(v27) + v26
      (local.set $x (local.get $v40))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v27))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v42 (i32x4.add (i32x4.add (local.get $s1) (local.get $v35)) (i32x4.add (local.get $s0) (local.get $v26))))
      ;; round 42
      (local.set $x (local.get $E41))
      (local.set $t (i32x4.add (i32x4.add (local.get $E38) (i32x4.add (v128.load32_splat offset=168 (i32.const 0)) (; k42 ;) (local.get $v42))) (v128.xor (v128.and (v128.xor (local.get $E40) (local.get $E39)) (local.get $x)) (local.get $E39))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E42 (i32x4.add (local.get $A38) (local.get $t)))
      (local.set $x (local.get $A41))
      (local.set $ab (v128.xor (local.get $x) (local.get $A40)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A40))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A42 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v43 = σ1(v41) + v36 + σ0(v28) + v27
      (local.set $x (local.get $v41))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v28))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v43 (i32x4.add (i32x4.add (local.get $s1) (local.get $v36)) (i32x4.add (local.get $s0) (local.get $v27))))
      ;; round 43
      (local.set $x (local.get $E42))
      (local.set $t (i32x4.add (i32x4.add (local.get $E39) (i32x4.add (v128.load32_splat offset=172 (i32.const 0)) (; k43 ;) (local.get $v43))) (v128.xor (v128.and (v128.xor (local.get $E41) (local.get $E40)) (local.get $x)) (local.get $E40))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E43 (i32x4.add (local.get $A39) (local.get $t)))
      (local.set $x (local.get $A42))
      (local.set $ab (v128.xor (local.get $x) (local.get $A41)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A41))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A43 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v44 = σ1(v42) + v37 + σ0(v29) + v28
      (local.set $x (local.get $v42))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v29))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v44 (i32x4.add (i32x4.add (local.get $s1) (local.get $v37)) (i32x4.add (local.get $s0) (local.get $v28))))
      ;; round 44
      (local.set $x (local.get $E43))
      (local.set $t (i32x4.add (i32x4.add (local.get $E40) (i32x4.add (v128.load32_splat offset=176 (i32.const 0)) (; k44 ;) (local.get $v44))) (v128.xor (v128.and (v128.xor (local.get $E42) (local.get $E41)) (local.get $x)) (local.get $E41))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E44 (i32x4.add (local.get $A40) (local.get $t)))
      (local.set $x (local.get $A43))
      (local.set $ab (v128.xor (local.get $x) (local.get $A42)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A42))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A44 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v45 = σ1(v43) + v38 + σ0(v30) + v29
      (local.set $x (local.get $v43))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v30))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v45 (i32x4.add (i32x4.add (local.get $s1) (local.get $v38)) (i32x4.add (local.get $s0) (local.get $v29))))
      ;; round 45
      (local.set $x (local.get $E44))
      (local.set $t (i32x4.add (i32x4.add (local.get $E41) (i32x4.add (v128.load32_splat offset=180 (i32.const 0)) (; k45 ;) (local.get $v45))) (v128.xor (v128.and (v128.xor (local.get $E43) (local.get $E42)) (local.get $x)) (local.get $E42))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E45 (i32x4.add (local.get $A41) (local.get $t)))
      (local.set $x (local.get $A44))
      (local.set $ab (v128.xor (local.get $x) (local.get $A43)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A43))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A45 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v46 = σ1(v44) + v39 + σ0(v31) + v30
      (local.set $x (local.get $v44))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v31))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v46 (i32x4.add (i32x4.add (local.get $s1) (local.get $v39)) (i32x4.add (local.get $s0) (local.get $v30))))
      ;; round 46
      (local.set $x (local.get $E45))
      (local.set $t (i32x4.add (i32x4.add (local.get $E42) (i32x4.add (v128.load32_splat offset=184 (i32.const 0)) (; k46 ;) (local.get $v46))) (v128.xor (v128.and (v128.xor (local.get $E44) (local.get $E43)) (local.get $x)) (local.get $E43))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E46 (i32x4.add (local.get $A42) (local.get $t)))
      (local.set $x (local.get $A45))
      (local.set $ab (v128.xor (local.get $x) (local.get $A44)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A44))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A46 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v47 = σ1(v45) + v40 + σ0(v32) + v31
      (local.set $x (local.get $v45))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v32))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v47 (i32x4.add (i32x4.add (local.get $s1) (local.get $v40)) (i32x4.add (local.get $s0) (local.get $v31))))
      ;; round 47
      (local.set $x (local.get $E46))
      (local.set $t (i32x4.add (i32x4.add (local.get $E43) (i32x4.add (v128.load32_splat offset=188 (i32.const 0)) (; k47 ;) (local.get $v47))) (v128.xor (v128.and (v128.xor (local.get $E45) (local.get $E44)) (local.get $x)) (local.get $E44))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E47 (i32x4.add (local.get $A43) (local.get $t)))
      (local.set $x (local.get $A46))
      (local.set $ab (v128.xor (local.get $x) (local.get $A45)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A45))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A47 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v48 = σ1(v46) + v41 + σ0(v33) + v32
      (local.set $x (local.get $v46))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v33))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v48 (i32x4.add (i32x4.add (local.get $s1) (local.get $v41)) (i32x4.add (local.get $s0) (local.get $v32))))
      ;; round 48
      (local.set $x (local.get $E47))
      (local.set $t (i32x4.add (i32x4.add (local.get $E44) (i32x4.add (v128.load32_splat offset=192 (i32.const 0)) (; k48 ;) (local.get $v48))) (v128.xor (v128.and (v128.xor (local.get $E46) (local.get $E45)) (local.get $x)) (local.get $E45))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E48 (i32x4.add (local.get $A44) (local.get $t)))
      (local.set $x (local.get $A47))
      (local.set $ab (v128.xor (local.get $x) (local.get $A46)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A46))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A48 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v49 = σ1(v47) + v42 + σ0(v34) + v33
      (local.set $x (local.get $v47))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v34))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v49 (i32x4.add (i32x4.add (local.get $s1) (local.get $v42)) (i32x4.add (local.get $s0) (local.get $v33))))
      ;; round 49
      (local.set $x (local.get $E48))
      (local.set $t (i32x4.add (i32x4.add (local.get $E45) (i32x4.add (v128.load32_splat offset=196 (i32.const 0)) (; k49 ;) (local.get $v49))) (v128.xor (v128.and (v128.xor (local.get $E47) (local.get $E46)) (local.get $x)) (local.get $E46))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E49 (i32x4.add (local.get $A45) (local.get $t)))
      (local.set $x (local.get $A48))
      (local.set $ab (v128.xor (local.get $x) (local.get $A47)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A47))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A49 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v50 = σ1(v48) + v43 + σ0(v35) + v34
      (local.set $x (local.get $v48))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v35))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v50 (i32x4.add (i32x4.add (local.get $s1) (local.get $v43)) (i32x4.add (local.get $s0) (local.get $v34))))
      ;; round 50
      (local.set $x (local.get $E49))
      (local.set $t (i32x4.add (i32x4.add (local.get $E46) (i32x4.add (v128.load32_splat offset=200 (i32.const 0)) (; k50 ;) (local.get $v50))) (v128.xor (v128.and (v128.xor (local.get $E48) (local.get $E47)) (local.get $x)) (local.get $E47))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E50 (i32x4.add (local.get $A46) (local.get $t)))
      (local.set $x (local.get $A49))
      (local.set $ab (v128.xor (local.get $x) (local.get $A48)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A48))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A50 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v51 = σ1(v49) + v44 + σ0(v36) + v35
      (local.set $x (local.get $v49))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v36))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v51 (i32x4.add (i32x4.add (local.get $s1) (local.get $v44)) (i32x4.add (local.get $s0) (local.get $v35))))
      ;; round 51
      (local.set $x (local.get $E50))
      (local.set $t (i32x4.add (i32x4.add (local.get $E47) (i32x4.add (v128.load32_splat offset=204 (i32.const 0)) (; k51 ;) (local.get $v51))) (v128.xor (v128.and (v128.xor (local.get $E49) (local.get $E48)) (local.get $x)) (local.get $E48))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E51 (i32x4.add (local.get $A47) (local.get $t)))
      (local.set $x (local.get $A50))
      (local.set $ab (v128.xor (local.get $x) (local.get $A49)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A49))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A51 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v52 = σ1(v50) + v45 + σ0(v37) + v36
      (local.set $x (local.get $v50))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v37))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v52 (i32x4.add (i32x4.add (local.get $s1) (local.get $v45)) (i32x4.add (local.get $s0) (local.get $v36))))
      ;; round 52
      (local.set $x (local.get $E51))
      (local.set $t (i32x4.add (i32x4.add (local.get $E48) (i32x4.add (v128.load32_splat offset=208 (i32.const 0)) (; k52 ;) (local.get $v52))) (v128.xor (v128.and (v128.xor (local.get $E50) (local.get $E49)) (local.get $x)) (local.get $E49))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E52 (i32x4.add (local.get $A48) (local.get $t)))
      (local.set $x (local.get $A51))
      (local.set $ab (v128.xor (local.get $x) (local.get $A50)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A50))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A52 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v53 = σ1(v51) + v46 + σ0(v38) + v37
      (local.set $x (local.get $v51))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v38))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v53 (i32x4.add (i32x4.add (local.get $s1) (local.get $v46)) (i32x4.add (local.get $s0) (local.get $v37))))
      ;; round 53
      (local.set $x (local.get $E52))
      (local.set $t (i32x4.add (i32x4.add (local.get $E49) (i32x4.add (v128.load32_splat offset=212 (i32.const 0)) (; k53 ;) (local.get $v53))) (v128.xor (v128.and (v128.xor (local.get $E51) (local.get $E50)) (local.get $x)) (local.get $E50))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E53 (i32x4.add (local.get $A49) (local.get $t)))
      (local.set $x (local.get $A52))
      (local.set $ab (v128.xor (local.get $x) (local.get $A51)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A51))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A53 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v54 = σ1(v52) + v47 + σ0(v39) + v38
      (local.set $x (local.get $v52))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v39))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v54 (i32x4.add (i32x4.add (local.get $s1) (local.get $v47)) (i32x4.add (local.get $s0) (local.get $v38))))
      ;; round 54
      (local.set $x (local.get $E53))
      (local.set $t (i32x4.add (i32x4.add (local.get $E50) (i32x4.add (v128.load32_splat offset=216 (i32.const 0)) (; k54 ;) (local.get $v54))) (v128.xor (v128.and (v128.xor (local.get $E52) (local.get $E51)) (local.get $x)) (local.get $E51))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E54 (i32x4.add (local.get $A50) (local.get $t)))
      (local.set $x (local.get $A53))
      (local.set $ab (v128.xor (local.get $x) (local.get $A52)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A52))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A54 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v55 = σ1(v53) + v48 + σ0(v40) + v39
      (local.set $x (local.get $v53))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v40))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v55 (i32x4.add (i32x4.add (local.get $s1) (local.get $v48)) (i32x4.add (local.get $s0) (local.get $v39))))
      ;; round 55
      (local.set $x (local.get $E54))
      (local.set $t (i32x4.add (i32x4.add (local.get $E51) (i32x4.add (v128.load32_splat offset=220 (i32.const 0)) (; k55 ;) (local.get $v55))) (v128.xor (v128.and (v128.xor (local.get $E53) (local.get $E52)) (local.get $x)) (local.get $E52))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E55 (i32x4.add (local.get $A51) (local.get $t)))
      (local.set $x (local.get $A54))
      (local.set $ab (v128.xor (local.get $x) (local.get $A53)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A53))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A55 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v56 = σ1(v54) + v49 + σ0(v41) + v40
      (local.set $x (local.get $v54))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v41))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v56 (i32x4.add (i32x4.add (local.get $s1) (local.get $v49)) (i32x4.add (local.get $s0) (local.get $v40))))
      ;; round 56
      (local.set $x (local.get $E55))
      (local.set $t (i32x4.add (i32x4.add (local.get $E52) (i32x4.add (v128.load32_splat offset=224 (i32.const 0)) (; k56 ;) (local.get $v56))) (v128.xor (v128.and (v128.xor (local.get $E54) (local.get $E53)) (local.get $x)) (local.get $E53))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E56 (i32x4.add (local.get $A52) (local.get $t)))
      (local.set $x (local.get $A55))
      (local.set $ab (v128.xor (local.get $x) (local.get $A54)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A54))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A56 (i32x4.add (local.get $t) (local.get $s)))
      (local.set $bc (local.get $ab))
      ;; v57 = σ1(v55) + v50 + σ0(v42) + v41
      (local.set $x (local.get $v55))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v42))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v57 (i32x4.add (i32x4.add (local.get $s1) (local.get $v50)) (i32x4.add (local.get $s0) (local.get $v41))))
      ;; round 57
      (local.set $x (local.get $E56))
      (local.set $t (i32x4.add (i32x4.add (local.get $E53) (i32x4.add (v128.load32_splat offset=228 (i32.const 0)) (; k57 ;) (local.get $v57))) (v128.xor (v128.and (v128.xor (local.get $E55) (local.get $E54)) (local.get $x)) (local.get $E54))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E57 (i32x4.add (local.get $A53) (local.get $t)))
      (local.set $x (local.get $A56))
      (local.set $ab (v128.xor (local.get $x) (local.get $A55)))
      (local.set $t (i32x4.add (local.get $t) (v128.xor (v128.and (local.get $ab) (local.get $bc)) (local.get $A55))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 2)) (i32x4.shl (local.get $x) (i32.const 30)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 13)) (i32x4.shl (local.get $x) (i32.const 19))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 22)) (i32x4.shl (local.get $x) (i32.const 10)))))
      (local.set $A57 (i32x4.add (local.get $t) (local.get $s)))
      ;; v58 = σ1(v56) + v51 + σ0(v43) + v42
      (local.set $x (local.get $v56))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v43))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v58 (i32x4.add (i32x4.add (local.get $s1) (local.get $v51)) (i32x4.add (local.get $s0) (local.get $v42))))
      ;; Rounds 58..60 only need e: the final h is e after round 60, and a after round 57
      ;; is the last a it reads (as d).
      ;; round 58: e only
      (local.set $x (local.get $E57))
      (local.set $t (i32x4.add (i32x4.add (local.get $E54) (i32x4.add (v128.load32_splat offset=232 (i32.const 0)) (; k58 ;) (local.get $v58))) (v128.xor (v128.and (v128.xor (local.get $E56) (local.get $E55)) (local.get $x)) (local.get $E55))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E58 (i32x4.add (local.get $A54) (local.get $t)))
      ;; v59 = σ1(v57) + v52 + σ0(v44) + v43
      (local.set $x (local.get $v57))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v44))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v59 (i32x4.add (i32x4.add (local.get $s1) (local.get $v52)) (i32x4.add (local.get $s0) (local.get $v43))))
      ;; round 59: e only
      (local.set $x (local.get $E58))
      (local.set $t (i32x4.add (i32x4.add (local.get $E55) (i32x4.add (v128.load32_splat offset=236 (i32.const 0)) (; k59 ;) (local.get $v59))) (v128.xor (v128.and (v128.xor (local.get $E57) (local.get $E56)) (local.get $x)) (local.get $E56))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E59 (i32x4.add (local.get $A55) (local.get $t)))
      ;; v60 = σ1(v58) + v53 + σ0(v45) + v44
      (local.set $x (local.get $v58))
      (local.set $s1 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 17)) (i32x4.shl (local.get $x) (i32.const 15)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 19)) (i32x4.shl (local.get $x) (i32.const 13))))
        (i32x4.shr_u (local.get $x) (i32.const 10))))
      (local.set $x (local.get $v45))
      (local.set $s0 (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
        (i32x4.shr_u (local.get $x) (i32.const 3))))
      (local.set $v60 (i32x4.add (i32x4.add (local.get $s1) (local.get $v53)) (i32x4.add (local.get $s0) (local.get $v44))))
      ;; round 60: e only
      (local.set $x (local.get $E59))
      (local.set $t (i32x4.add (i32x4.add (local.get $E56) (i32x4.add (v128.load32_splat offset=240 (i32.const 0)) (; k60 ;) (local.get $v60))) (v128.xor (v128.and (v128.xor (local.get $E58) (local.get $E57)) (local.get $x)) (local.get $E57))))
      (local.set $s (v128.xor (v128.xor
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 6)) (i32x4.shl (local.get $x) (i32.const 26)))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 11)) (i32x4.shl (local.get $x) (i32.const 21))))
        (v128.xor (i32x4.shr_u (local.get $x) (i32.const 25)) (i32x4.shl (local.get $x) (i32.const 7)))))
      (local.set $t (i32x4.add (local.get $t) (local.get $s)))
      (local.set $E60 (i32x4.add (local.get $A56) (local.get $t)))
      ;; The block hash's most significant word (as a little-endian number) is its last word,
      ;; iv7 + E60, byte-swapped. A lane at or below the target's top word is a candidate.
      (local.set $top (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12 (i32x4.add (v128.load32_splat offset=316 (i32.const 0)) (; iv7 ;) (local.get $E60)) (i32x4.add (v128.load32_splat offset=316 (i32.const 0)) (; iv7 ;) (local.get $E60))))
      (if (v128.any_true (i32x4.le_u (local.get $top) (v128.load32_splat offset=376 (i32.const 0)) (; target0 ;)))
        (then (return (local.get $k))))
      (local.set $n (i32x4.add (local.get $n) (v128.const i32x4 4 4 4 4)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $group (i32.lt_s (local.get $k) (local.get $groups))))
    (i32.const -1))
)
