/** The bench's camrelay credentials, in a file of their own so clients need not load the server. */
export const BENCH_TOKEN = 'bench-token';
export const BENCH_ADMIN = { username: 'admin', password: 'bench-admin-password' };
