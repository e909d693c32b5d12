/* The entity tagger's model, embedded as read-only data.
   After `copydesk train-entities` rewrites entities.model, touch this file
   (the build does not see .incbin dependencies). */
    .section .rodata
    .global copydesk_entities_model_start
    .global copydesk_entities_model_end
    .balign 16
copydesk_entities_model_start:
    .incbin "entities.model"
copydesk_entities_model_end:
    .section .note.GNU-stack,"",@progbits
