// captured while debugging
const session = {
  AUTH_ID: '1️⃣717e0567006e9f06006b12e400000001000007c2ebc8f80264531d4fc09a27052a7fe2',
};
