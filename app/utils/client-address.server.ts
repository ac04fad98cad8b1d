// Whether a client address is this machine (IPv4 127/8, IPv6 ::1, or 127/8 mapped into IPv6).
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export const isLoopbackAddress = (address: string | null | undefined): boolean => LOOPBACK.test(address ?? '');
