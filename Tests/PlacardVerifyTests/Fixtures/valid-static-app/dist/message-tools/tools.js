window.addEventListener('placard:ready', (e) => console.log(e.detail.options.messageId, e.detail.options['dialogId']));
